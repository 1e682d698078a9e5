/** The figures every benchmark prints: medians, percentiles and the machine's load beside them. */
import fs from 'node:fs';
import os from 'node:os';
import type { Client } from 'pg';

/** The median (the mean of the two middle values for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The value `p` per cent of the values lie below (nearest rank). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The 1, 5 and 15-minute load averages, as a run's report prints them. */
export function loadAverage(digits = 2, separator = ' '): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(digits))
    .join(separator);
}

/**
 * CPU milliseconds spent so far by each PostgreSQL backend connected to the bench's database, read from
 * /proc (the server runs on this machine; an empty map elsewhere). What the database costs a request,
 * whatever the machine's load, which only stretches the wall time.
 */
export async function backendCpu(admin: Client, database: string): Promise<Map<number, number>> {
  const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database]);
  const ticks = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      ticks.set(pid, processCpu(pid));
    } catch {
      // Not on this machine, or the backend just ended.
    }
  }
  return ticks;
}

/** CPU milliseconds process `pid` of this machine has spent so far (user and system), read from /proc. */
export function processCpu(pid: number): number {
  // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th (clock ticks of 10 ms).
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Milliseconds the backends spent between two readings (a backend new since `before` counts whole). */
export function backendCpuSpent(before: Map<number, number>, after: Map<number, number>): number {
  let spent = 0;
  for (const [pid, ms] of after) spent += ms - (before.get(pid) ?? 0);
  return spent;
}

/**
 * EXPLAIN=1 in a bench: every statement of the bench's own database `name`, nested ones and triggers included, is
 * explained with its timings and buffers in the server's log (auto_explain, loaded by that database's new sessions only).
 */
export async function explainEveryStatement(admin: Client, name: string): Promise<void> {
  for (const setting of [
    `session_preload_libraries = 'auto_explain'`,
    `auto_explain.log_min_duration = 0`,
    `auto_explain.log_analyze = on`,
    `auto_explain.log_buffers = on`,
    `auto_explain.log_nested_statements = on`,
    `auto_explain.log_triggers = on`,
  ])
    await admin.query(`ALTER DATABASE ${name} SET ${setting}`);
}
