import type { Actor } from '@carenet/core';
import { fileCapabilities } from '@carenet/registry';
import { ViewerKind } from './auth.types.js';

/** The Viewer of an actor, as `me`, `login` and `setUp` answer it. */
export function viewerOf(actor: Actor) {
  return { kind: actor.kind === 'user' ? ViewerKind.USER : ViewerKind.API_KEY, name: actor.name, roles: actor.roles, fileCapabilities: fileCapabilities(actor), actor };
}
