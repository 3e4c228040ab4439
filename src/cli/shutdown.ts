/**
 * Run `close` once on SIGINT or SIGTERM, then exit. A second signal while closing exits at once,
 * so a stuck shutdown never traps the user.
 */
export function closeOnSignals(close: () => Promise<void>, log: (line: string) => void = () => {}): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) process.exit(130);
    closing = true;
    log(`${signal} received: closing every listener and connection`);
    close().then(
      () => process.exit(0),
      (error: Error) => {
        process.stderr.write(`faultline: error while closing: ${error.message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}
