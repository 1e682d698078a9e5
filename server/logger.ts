/**
 * Structured JSON logs, one line per event, on stdout. Never pass request bodies, identities or
 * contact details in `context`: logs leave the mechanism (hosting, support) and must not leak a
 * complainant (the identity canary test reads every line).
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Anything written by the logger goes through a sink; tests swap it to inspect lines. */
export type LogSink = (line: string) => void;

let sink: LogSink = (line) => process.stdout.write(line + '\n');
let threshold: Level = (process.env.LOG_LEVEL as Level) in ORDER ? (process.env.LOG_LEVEL as Level) : 'info';

/** Replace where log lines go (tests capture them); returns the previous sink. */
export function setLogSink(next: LogSink): LogSink {
  const previous = sink;
  sink = next;
  return previous;
}

/** Change the minimum level written. */
export function setLogLevel(level: Level): void {
  threshold = level;
}

function serializeError(err: unknown): Record<string, unknown> {
  if (err instanceof Error) {
    return { name: err.name, message: err.message, stack: err.stack, code: (err as { code?: unknown }).code };
  }
  return { value: String(err) };
}

function write(level: Level, message: string, context?: Record<string, unknown>): void {
  if (ORDER[level] < ORDER[threshold]) return;
  const entry: Record<string, unknown> = { time: new Date().toISOString(), level, msg: message };
  if (context) {
    for (const [key, value] of Object.entries(context)) entry[key] = key === 'err' ? serializeError(value) : value;
  }
  sink(JSON.stringify(entry));
}

/** The application logger. */
export const logger = {
  debug: (message: string, context?: Record<string, unknown>) => write('debug', message, context),
  info: (message: string, context?: Record<string, unknown>) => write('info', message, context),
  warn: (message: string, context?: Record<string, unknown>) => write('warn', message, context),
  error: (message: string, context?: Record<string, unknown>) => write('error', message, context),
};
