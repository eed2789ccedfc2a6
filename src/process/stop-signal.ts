// Foreground commands (`endpoint`, `shop`) run until the person presses Ctrl+C (or the process is
// asked to stop), then clean up.
export function waitForStopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
