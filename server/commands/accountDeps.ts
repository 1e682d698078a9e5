/** What account commands need: enough of the context for the CLI to run them without a web server. */
import type { AppContext } from '../context';
import { isCommonPassword } from '../auth/commonPasswords';
import { ValidationFailed } from '../errors';
import { passwordProblem } from '../../shared/validation/password';

/** The database, the clock, the configuration (for links in e-mails) and the cipher (accounts are encrypted). */
export type CommandDeps = Pick<AppContext, 'db' | 'clock' | 'config' | 'cipher'>;

/** Throws a 400 on `field` when a new password is common or contains the e-mail's local part. */
export function assertAcceptablePassword(password: string, email: string | null, field = 'password'): void {
  const problem = passwordProblem(password, email, isCommonPassword);
  if (problem) throw new ValidationFailed([{ field, messageKey: problem }]);
}
