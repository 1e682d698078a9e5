/**
 * The files of a complaint sent back for correcting ("Corregir y enviar de nuevo", ./correction.ts),
 * handed to the form that starts again from it. Apart from the correction itself, which needs the queue's
 * storage: the form's first screen takes the files and must not download the queue with them.
 */

/** A file handed back to the form. */
export interface RestoredFile {
  key: string;
  file: File;
  thumbprint: boolean;
}

let handoff: RestoredFile[] = [];

/** Hands `files` to the form that opens next. */
export function handBackFiles(files: RestoredFile[]): void {
  handoff = files;
}

/** The files handed back by `handBackFiles`, once. */
export function takeRestoredFiles(): RestoredFile[] {
  const files = handoff;
  handoff = [];
  return files;
}
