// Ambient types for SvelteKit. The console is a static SPA: no server locals or platform.
declare global {
  namespace App {
    interface Error {
      message: string;
      code?: string;
    }
  }
}

export {};
