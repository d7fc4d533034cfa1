/** Who is asking: a signed-in user, or an external system with an API key. */
export enum Role {
  CLERK = 'CLERK',
  APPROVER = 'APPROVER',
  VIEWER = 'VIEWER',
  ADMIN = 'ADMIN',
}

export interface Actor {
  kind: 'user' | 'apiKey';
  /** The user's id, or the API key's id. */
  id: number | string;
  /** username, or `key:<name>` */
  name: string;
  roles: Role[];
  /** The home unit: the root of everything the actor may see. */
  unitId: number;
  /** Ids from the province down to the home unit. */
  unitPathIds: number[];
  /**
   * The earlier rows of the home unit (before a rename, a move, a merge into it):
   * the actor's scope covers them too, so the months before the change stay theirs.
   */
  lineageUnitIds?: number[];
  /** Requests per minute this actor may make (API keys carry their own quota). */
  quotaPerMinute?: number;
}

/** The user id to record as saver, submitter or approver (API keys never write). */
export function userIdOf(actor: Actor): number {
  if (actor.kind !== 'user') throw new Error('only users act on reports');
  return actor.id as number;
}
