/** Reading what the server logs, for tests that prove something never reaches a log line. */
import { setLogLevel, setLogSink, type LogSink } from '../server/logger';

/**
 * Every log line (debug level and up) written while the enclosing describe's tests run, in the array
 * returned; the logger goes back to its sink and its 'warn' level after them.
 */
export function captureLogs(): string[] {
  const lines: string[] = [];
  let previous: LogSink;
  beforeAll(() => {
    previous = setLogSink((line) => lines.push(line));
    setLogLevel('debug');
  });
  afterAll(() => {
    setLogSink(previous);
    setLogLevel('warn');
  });
  return lines;
}
