/**
 * Runs a command line's `main` and exits with its code; a failure prints its message on stderr and, for scripts
 * that read stdout, `{ "error": … }` as JSON, with exit code 2.
 */
export function runCommandLine(main: (args: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      console.error(message);
      console.log(JSON.stringify({ error: message }));
      process.exit(2);
    },
  );
}
