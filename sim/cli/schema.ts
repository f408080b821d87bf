import type { CommandModule } from 'yargs';
import { scenarioJsonSchema } from '../scenario/jsonSchema.ts';

export const schemaCommand: CommandModule = {
  command: 'schema',
  describe: 'Print the JSON Schema of scenario files (help text and built-in defaults per field)',
  handler: () => {
    process.stdout.write(JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
  },
};
