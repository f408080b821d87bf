/**
 * The type of camelTree's output, derived from the schema's types: what the generic transform makes
 * of a validated scenario. The model's KioskConfig (sim/model/config.ts) cannot be this type itself,
 * since the model does not import the scenario layer (engine <- model <- scenario); instead the
 * assertions below hold them together at compile time. A setting added to the schema and not to
 * KioskConfig (or the other way round, or with another unit or spelling) is a type error here.
 */
import type { DistributionSpec } from '../engine/distributions.ts';
import type { KioskConfig } from '../model/config.ts';
import type { RENAMED_KEYS } from './camelTree.ts';
import type { DistributionInput, DistributionObjectOutput } from './distribution.ts';
import type { ScenarioParsed } from './schema.ts';

type CamelKey<S extends string> = S extends keyof RENAMED_KEYS
  ? RENAMED_KEYS[S]
  : S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelKey<Tail>>}` : S;

/** camelTree's output for a value of type T (defaults filled, so every key present). */
export type Camel<T> = Identical<T, DistributionObjectOutput> extends true ? DistributionSpec
  : Identical<T, DistributionInput> extends true ? DistributionSpec | { kind: 'profile' }
  : T extends readonly (infer E)[] ? Camel<E>[]
  : T extends object ? { [K in keyof T as CamelKey<K & string>]-?: Camel<NonNullable<T[K]>> }
  : T;

type Tree = Camel<ScenarioParsed>;

/** true when A and B are one type (the schema's distribution output, told apart from look-alike sections). */
type Identical<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
/** true when each of A and B is assignable to the other (with every key required: the same keys and value types). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

// The sections the generic transform makes on its own: they ARE the schema's, camelCased.
export type Checks = [
  Assert<Same<Tree['redis'], KioskConfig['redis']>>,
  Assert<Same<Tree['consumers'], KioskConfig['consumers']>>,
  Assert<Same<Omit<Tree['serving'], 'profile' | 'serviceTime'>, Omit<KioskConfig['serving'], 'serviceTime'>>>,
  Assert<Same<Omit<Tree['workload'], 'arrival'>, Omit<KioskConfig['workload'], 'arrival'>>>,
  Assert<Same<Omit<Tree['cluster'], 'pools' | 'preemption'>, Omit<KioskConfig['cluster'], 'pools' | 'preemption'>>>,
  Assert<Same<Tree['autoscaling'], KioskConfig['autoscaling']>>,
  Assert<Same<Omit<Tree['cost'], 'priceFile' | 'priceTable'>, KioskConfig['cost']>>,
  Assert<Same<Pick<Tree, 'era' | 'seed' | 'timeLimit' | 'timeseriesInterval'>, Pick<KioskConfig, 'era' | 'seed' | 'timeLimit' | 'timeseriesInterval'>>>,
  // the top level: the file-only keys go, the rest is KioskConfig's
  Assert<Same<Exclude<keyof Tree, 'description' | 'extends' | 'replications'>, keyof KioskConfig>>,
];
