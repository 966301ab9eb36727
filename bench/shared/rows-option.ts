// The options of the benchmarks that move a number of rows through the Worker
// (bench:import, bench:export): `--rows N` (or `--rows=N`) and `--json`, and how each runs as a command.
import { runBenchCommand } from "./run-command.ts";

export interface RowsOptions {
  rows: number;
  json: boolean;
}

export function parseRowsOptions(argv: readonly string[], limits: { defaultRows: number; maxRows: number; usage: string }): RowsOptions {
  const options: RowsOptions = { rows: limits.defaultRows, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--json") options.json = true;
    else if (arg === "--rows" || arg.startsWith("--rows=")) {
      const value = Number(arg.includes("=") ? arg.split("=")[1] : argv[++i]);
      if (!Number.isInteger(value) || value < 1 || value > limits.maxRows) {
        throw new Error(`--rows takes a whole number from 1 to ${limits.maxRows.toLocaleString("en-US")}\n${limits.usage}`);
      }
      options.rows = value;
    } else throw new Error(`unknown option ${arg}\n${limits.usage}`);
  }
  return options;
}

/** Runs a rows benchmark as a command: bad options exit 2 with the usage, a crash 1, else `main`'s code. */
export function runRowsBench(argv: readonly string[], limits: { defaultRows: number; maxRows: number; usage: string }, main: (options: RowsOptions) => Promise<number>): void {
  runBenchCommand(argv, (args) => parseRowsOptions(args, limits), main);
}
