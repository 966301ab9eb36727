// How a benchmark runs as a command: options it cannot read exit 2 with the reason, a crash
// exits 1, otherwise the benchmark's own exit code (0 when its targets hold, where it has any).

export function runBenchCommand<Options>(argv: readonly string[], parse: (argv: readonly string[]) => Options, main: (options: Options) => Promise<number>): void {
  let options: Options;
  try {
    options = parse(argv);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
  main(options).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
