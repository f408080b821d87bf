/**
 * The plan file: a base scenario, the goal, and the search space. One zod schema is the source of
 * the types, the validation (errors located like a scenario's: sim/scenario/source.ts) and the JSON
 * Schema (planJsonSchema).
 */
import { z } from 'zod';
import { duration } from '../scenario/fields.ts';
import { unitPattern } from '../scenario/jsonSchema.ts';

/** One searched setting: a list of values, an integer range "a..b", or one value. */
const axisValues = z.union([z.array(z.unknown()).min(1, 'expected a non-empty list of values'), z.string(), z.number(), z.boolean()], {
  error: (iss) => `expected a list of values ([1, 2]), a range of integers ("1..32") or one value, found ${JSON.stringify(iss.input)}`,
});

export const planSchema = z
  .object({
    name: z.string().min(1).optional().meta({ description: 'the plan name (default: the file name)' }),
    description: z.string().optional(),
    extends: z.string({ error: 'expected a scenario file (relative to the plan file) or a built-in preset name' }).meta({ description: 'the base scenario: a YAML file or a preset' }),
    overrides: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({ description: 'settings applied to the base scenario, written like --set: {"cluster.zones": 1}' }),
    goal: z
      .object({
        deadline: duration('every image processed within this time (makespan), e.g. 4h', { above: 0 }).unwrap(),
        budget: z.number({ error: 'expected a budget in USD (a number), e.g. 100' }).positive('expected a budget above 0 USD').meta({ description: 'the most the run may cost, USD' }),
        latency_p95: duration('optional SLO: the 95th percentile of per-image end-to-end latency at most this, e.g. 30m', { above: 0 }),
        confidence: z
          .number({ error: 'expected a probability between 0 and 1, e.g. 0.95' })
          .gt(0, 'expected a probability above 0')
          .lt(1, 'expected a probability below 1 (1 would need infinitely many replications)')
          .optional()
          .meta({ description: 'the share of replications that must meet the goal (default 0.95)' }),
        cost_tolerance: z
          .number({ error: 'expected a fraction of the cheapest cost between 0 and 1, e.g. 0.05 (5 %)' })
          .min(0, 'expected a fraction of at least 0 (0 turns the tie rule off)')
          .lt(1, 'expected a fraction below 1, e.g. 0.05 (5 %)')
          .optional()
          .meta({ description: 'costs within this fraction of the cheapest candidate\'s are a tie: the race stops a candidate shown (paired one-sided test, 5 % error) not to be more than this much cheaper than the cheapest (default 0.05; 0: off)' }),
      })
      .strict(),
    search: z
      .record(z.string(), axisValues)
      .refine((r) => Object.keys(r).length > 0, 'expected at least one searched setting, e.g. cluster.pools.gpu.max: 1..8')
      .meta({ description: 'scenario settings (dotted paths) and the values to try: lists, or integer ranges "a..b"' }),
    replications: z
      .object({
        initial: z.number().int().min(1).optional().meta({ description: 'replications every evaluated candidate gets first (default 2)' }),
        cap: z.number().int().min(1).optional().meta({ description: 'the most replications a close candidate gets (default 8)' }),
      })
      .strict()
      .optional(),
    /** How far above the smallest GPU count meeting the deadline the search keeps looking for a cheaper one. */
    gpu_window: z.number().int().min(0).optional().meta({ description: 'GPU counts tried above the smallest one that meets the deadline, in each combination (default 2)' }),
  })
  .strict();

export type PlanInput = z.infer<typeof planSchema>;

/** The plan file's JSON Schema (draft-07, like the scenario's): a duration's string branch gets the unit pattern. */
export function planJsonSchema(): unknown {
  return z.toJSONSchema(planSchema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-07',
    override: (ctx) => {
      const json = ctx.jsonSchema as Record<string, unknown>;
      const meta = z.globalRegistry.get(ctx.zodSchema as unknown as z.ZodType) as { unit?: unknown } | undefined;
      delete json.unit;
      delete json.words;
      if (meta?.unit !== 'duration' || !Array.isArray(json.anyOf)) return;
      json.anyOf = (json.anyOf as { type?: string }[]).map((b) => (b.type === 'string' ? { type: 'string', pattern: unitPattern('duration') } : b));
    },
  });
}
