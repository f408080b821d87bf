/** Pod phases as the model uses them: Pending (no node yet), starting (container creating), running, terminating, gone. */
export type PodPhase = 'pending' | 'starting' | 'running' | 'terminating' | 'gone';
export type PodKind = 'tf-serving' | 'image-consumer' | 'zip-consumer';

export interface Pod {
  id: number;
  name: string;
  kind: PodKind;
  phase: PodPhase;
  createdAt: number;
  runningAt: number;
  /** Node the pod is bound to (-1: none). */
  node: number;
}
