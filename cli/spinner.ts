const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Shows that the CLI is waiting (for a workflow, an export) on stderr, so stdout stays clean for --json and
 * pipes: an animated line with the elapsed seconds on a terminal, one plain line otherwise.
 */
export async function withSpinner<T>(label: string | (() => string), work: Promise<T> | (() => Promise<T>)): Promise<T> {
  const text = typeof label === 'function' ? label : () => label;
  const started = Date.now();
  const promise = typeof work === 'function' ? work() : work;
  if (!process.stderr.isTTY) {
    process.stderr.write(`… ${text()}\n`);
    return promise;
  }
  let frame = 0;
  const draw = () => {
    const seconds = Math.floor((Date.now() - started) / 1000);
    process.stderr.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${text()} ${seconds}s`);
  };
  draw();
  const timer = setInterval(draw, 100);
  try {
    return await promise;
  } finally {
    clearInterval(timer);
    process.stderr.write('\r\x1b[2K');
  }
}
