/**
 * Password rules the account commands and the CLI share. (Account commands take
 * `ctx: Pick<AppContext, 'db' | 'clock' | 'config' | 'cipher'>`, what the CLI has without a web server.)
 */
import { isCommonPassword } from '../auth/commonPasswords';
import { ValidationFailed } from '../errors';
import { passwordProblem } from '../../shared/validation/password';

/** Throws a 400 on `field` when a new password is common or contains the e-mail's local part. */
export function assertAcceptablePassword(password: string, email: string | null, field = 'password'): void {
  const problem = passwordProblem(password, email, isCommonPassword);
  if (problem) throw new ValidationFailed([{ field, messageKey: problem }]);
}
