/** Runs in every test worker before the tests: quiet logs unless a test asks for them. */
process.env.LOG_LEVEL ??= 'error';
