/** The figures every benchmark prints: medians, percentiles and the machine's load beside them. */
import os from 'node:os';

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
