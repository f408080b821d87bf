// UserError lives with the scenario layer (the first to raise it), so that sim/scenario need not import the cli.
export { UserError, isUserError } from '../scenario/userError.ts';
