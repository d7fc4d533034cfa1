import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { addMonths, DomainError, parseUnitCode, periodToDate, requireScope, type Actor } from '@carenet/core';
import { OutboxRepository, RollupJob } from '@carenet/queue';
import { AdminAuditRepository } from '@carenet/admin-audit';
import { RegistryTreeRepository } from '@carenet/registry';
import type { AdminUnit } from './admin-unit.js';
import { AdminTreeRepository } from './admin-tree.repository.js';
import { AdminTreeError, AdminTreeErrorReason, unitNotFound } from './admin-tree.errors.js';
import { TreeChangeRepository, type LineageRow } from './tree-change.repository.js';
import { readTreeChangeInput, TreeChangeKind, type TreeChangeInput, type TreeChangeSummary } from './tree-change.js';
import { newCodeProblem, treeChangeReach, type TreeChangeRole } from './tree-change-rules.js';

export interface TreeChangePreview {
  summary: TreeChangeSummary;
  /** Pass it to applyTreeChange: the change applies only while it would still touch exactly this. */
  fingerprint: string;
}

export interface AppliedTreeChange extends TreeChangePreview {
  id: number;
}

interface RunResult {
  summary: TreeChangeSummary;
  extraLineage: { predecessorId: number; successorId: number; kind: string }[];
  auditUnitId: number;
  auditTarget: string;
  provinceId: number;
  createdIds: number[];
}

/** Thrown inside the transaction of a preview to undo everything it did. */
class PreviewDone extends Error {
  constructor(readonly summary: TreeChangeSummary) {
    super('preview');
  }
}

function invalid(message: string, field: string, extra: Record<string, unknown> = {}): AdminTreeError {
  const e = new AdminTreeError(AdminTreeErrorReason.INVALID_TREE_CHANGE, message, field);
  Object.assign(e.details, extra);
  return e;
}

export function fingerprintOf(summary: TreeChangeSummary): string {
  return createHash('sha256').update(JSON.stringify(summary)).digest('hex').slice(0, 32);
}

/**
 * Tree changes through the API: every kind runs as one transaction that ends
 * the changed rows the month before the change, adds their successors from the
 * change's month, and moves what is homed in them (reports of that month and
 * later, users, API keys) to the successors; the affected months' rollups are
 * recomputed by a queued verify-and-repair (through the outbox, so the job
 * exists exactly when the change committed). A preview runs the very same
 * transaction and rolls it back, so it lists exactly what applying changes.
 */
@Injectable()
export class TreeChangeService {
  constructor(
    private readonly repo: TreeChangeRepository,
    private readonly units: AdminTreeRepository,
    private readonly outbox: OutboxRepository,
    private readonly audit: AdminAuditRepository,
    private readonly files: RegistryTreeRepository,
  ) {}

  async preview(actor: Actor, raw: TreeChangeInput): Promise<TreeChangePreview> {
    const input = this.check(raw);
    try {
      await this.repo.transaction(async (m) => {
        throw new PreviewDone((await this.run(m, actor, input)).summary);
      });
    } catch (e) {
      if (e instanceof PreviewDone) return { summary: e.summary, fingerprint: fingerprintOf(e.summary) };
      throw e;
    }
    throw new Error('unreachable');
  }

  async apply(actor: Actor, raw: TreeChangeInput, fingerprint: string): Promise<AppliedTreeChange> {
    const input = this.check(raw);
    return this.repo.transaction(async (m) => {
      const run = await this.run(m, actor, input);
      const summary = run.summary;
      const now = fingerprintOf(summary);
      if (now !== fingerprint) {
        throw new DomainError('CONFLICT', 'PREVIEW_OUTDATED', 'previewFingerprint: the change would now touch something other than the preview showed; call previewTreeChange again and check it', {
          field: 'previewFingerprint',
        });
      }
      const unitIds = await this.repo.idsOfTouched(m, run.createdIds);
      const id = await this.repo.recordChange(m, {
        kind: input.kind,
        effective: periodToDate(input.effective),
        input,
        summary,
        unitIds,
        actorId: actor.kind === 'user' ? (actor.id as number) : null,
        actor: actor.name,
      });
      await this.repo.recordLineage(m, id, run.extraLineage);
      await this.audit.append(
        {
          actorId: actor.kind === 'user' ? (actor.id as number) : null,
          actor: actor.name,
          action: `TREE_${input.kind}`,
          unitId: run.auditUnitId,
          target: run.auditTarget,
          details: { treeChangeId: id, input, previewShown: summary, fingerprint },
        },
        m,
      );
      for (const period of summary.rollupMonths) {
        await this.outbox.add(m, RollupJob.VERIFY, { period, provinceId: run.provinceId, repair: true });
      }
      return { id, summary, fingerprint };
    });
  }

  lineage(unitIds: number[], direction: 'predecessors' | 'successors'): Promise<Map<number, LineageRow[]>> {
    return this.repo.lineage(unitIds, direction);
  }

  /** The input with its codes normalised, once; BAD_USER_INPUT naming the first field at fault. */
  private check(raw: TreeChangeInput): TreeChangeInput {
    const { input, violations } = readTreeChangeInput(raw);
    if (violations.length) {
      const e = invalid(violations.map((v) => v.message).join('; '), violations[0]!.field ?? 'input', { violations });
      throw e;
    }
    return input;
  }


  /**
   * A current unit the actor administers: anything outside their subtree is
   * NOT_FOUND, as if it did not exist; a unit CHANGED must lie strictly below
   * their home unit (FORBIDDEN for the home unit itself), a PLACE (a parent)
   * may be the home unit.
   */
  private async unit(m: EntityManager, actor: Actor, code: string, field: string, role: TreeChangeRole = 'CHANGED'): Promise<AdminUnit> {
    const key = parseUnitCode(code, field);
    const unit = await this.units.findByCode(key, undefined, m);
    if (!unit) throw unitNotFound(key.code, field);
    const reach = treeChangeReach(actor, unit, role);
    if (reach === 'OUTSIDE') throw unitNotFound(unit.code, field);
    requireScope(actor, unit, 'ADMINISTER', field);
    if (reach === 'OWN_UNIT') {
      throw new AdminTreeError(AdminTreeErrorReason.OWN_UNIT, `${field}: ${unit.code} is your own unit; a unit is changed by an administrator of a unit above it`, field);
    }
    if (unit.validTo !== null) throw new AdminTreeError(AdminTreeErrorReason.UNIT_RETIRED, `${field}: unit ${unit.code} was retired after ${unit.validTo}`, field);
    return unit;
  }

  private async run(m: EntityManager, actor: Actor, input: TreeChangeInput): Promise<RunResult> {
    const extraLineage: RunResult['extraLineage'] = [];
    let auditUnitId = 0;
    let auditTarget = '';
    let provinceId = 0;
    const target = (unit: AdminUnit, code: string) => {
      auditUnitId = unit.id;
      auditTarget = code;
      provinceId = unit.pathIds[0]!;
    };
    const effective = periodToDate(input.effective, 'effective');
    const lastOld = periodToDate(addMonths(input.effective, -1));
    await this.repo.lockProvince(m, actor.unitPathIds[0] ?? 0);
    await this.repo.begin(m);
    const created: number[] = [];
    const endedOnly: number[] = [];
    const notBefore = (u: AdminUnit, field: string) => {
      if (input.effective < u.validFrom) throw invalid(`effective: ${u.code} begins in ${u.validFrom}; the change cannot take effect before that`, field);
    };
    /** A unit whose span ends with the change must have begun before it. */
    const endsAfterBegin = (u: AdminUnit) => {
      if (input.effective <= u.validFrom) throw invalid(`effective: ${u.code} begins in ${u.validFrom}; the change must take effect after that`, 'effective');
    };

    switch (input.kind) {
      case TreeChangeKind.CREATE: {
        const parent = await this.unit(m, actor, input.newParentCode!, 'newParentCode', 'PLACE');
        if (parent.depth >= 5) throw invalid('newParentCode: a village has no units below it', 'newParentCode');
        this.fitsUnder(input.code!, parent, 'code');
        notBefore(parent, 'newParentCode');
        const taken = await this.units.findByCode({ code: input.code!, depth: parent.depth + 1 }, undefined, m);
        if (taken && taken.validTo === null) throw invalid(`code: ${input.code} is already a current unit (${taken.name}); choose another code`, 'code');
        created.push(await this.repo.insertUnit(m, { code: input.code!, name: input.name!.trim(), parentId: parent.id, effective }));
        target(parent, input.code!);
        break;
      }
      case TreeChangeKind.RENAME: {
        const unit = await this.unit(m, actor, input.unitCode!, 'unitCode');
        if (unit.name === input.name!.trim()) throw invalid(`name: ${unit.code} is already called ${unit.name}`, 'name');
        const parentId = unit.parentId;
        if (parentId === null) throw invalid('unitCode: the province is renamed by the tree import, not here', 'unitCode');
        await this.repo.addSubtree(m, unit.id, parentId, input.name!.trim(), 'RENAME');
        target(unit, unit.code);
        break;
      }
      case TreeChangeKind.MOVE: {
        const unit = await this.unit(m, actor, input.unitCode!, 'unitCode');
        const parent = await this.unit(m, actor, input.newParentCode!, 'newParentCode', 'PLACE');
        if (parent.depth !== unit.depth - 1) {
          throw invalid(`newParentCode: a ${unit.level} must sit under a unit one level up, got a ${parent.level}`, 'newParentCode');
        }
        if (parent.id === unit.parentId) throw invalid('newParentCode: the unit already sits there', 'newParentCode');
        notBefore(parent, 'newParentCode');
        await this.repo.addSubtree(m, unit.id, parent.id, null, 'MOVE');
        target(unit, unit.code);
        break;
      }
      case TreeChangeKind.MERGE: {
        const merged: AdminUnit[] = [];
        for (const [i, code] of input.unitCodes!.entries()) merged.push(await this.unit(m, actor, code, `unitCodes.${i}`));
        merged.forEach(endsAfterBegin);
        const depth = merged[0]!.depth;
        if (merged.some((u) => u.depth !== depth)) throw invalid('unitCodes: only units of one level merge', 'unitCodes');
        let into: AdminUnit;
        if (input.intoCode) {
          into = await this.unit(m, actor, input.intoCode, 'intoCode');
          if (into.depth !== depth) throw invalid(`intoCode: a ${merged[0]!.level} merges into a ${merged[0]!.level}, got a ${into.level}`, 'intoCode');
        } else {
          const parent = input.newParentCode ? await this.unit(m, actor, input.newParentCode, 'newParentCode', 'PLACE') : (await this.units.findByIds([merged[0]!.parentId!], m))[0]!;
          if (parent.depth !== depth - 1) throw invalid(`newParentCode: the merged unit is a ${merged[0]!.level}; its parent must be one level up`, 'newParentCode');
          this.fitsUnder(input.code!, parent, 'code');
          const taken = await this.units.findByCode({ code: input.code!, depth }, undefined, m);
          if (taken && taken.validTo === null && !merged.some((u) => u.id === taken.id)) throw invalid(`code: ${input.code} is already a current unit (${taken.name})`, 'code');
          notBefore(parent, 'newParentCode');
          if (taken && merged.some((u) => u.id === taken.id)) await this.repo.endUnits(m, [taken.id], lastOld); // the code passes to the new unit
          const id = await this.repo.insertUnit(m, { code: input.code!, name: input.name!.trim(), parentId: parent.id, effective });
          created.push(id);
          into = (await this.units.findByIds([id], m))[0]!;
        }
        for (const u of merged) {
          for (const child of await this.repo.currentChildren(m, u.id)) await this.repo.addSubtree(m, child.id, into.id, null, 'MOVE');
          await this.repo.follow(m, u.id, into.id);
          endedOnly.push(u.id);
          extraLineage.push({ predecessorId: u.id, successorId: into.id, kind: 'MERGE' });
        }
        target(into, into.code);
        break;
      }
      case TreeChangeKind.SPLIT: {
        const unit = await this.unit(m, actor, input.unitCode!, 'unitCode');
        if (unit.parentId === null) throw invalid('unitCode: the province does not split', 'unitCode');
        endsAfterBegin(unit);
        const splitParent = (await this.units.findByIds([unit.parentId], m))[0]!;
        input.parts!.forEach((p, i) => this.fitsUnder(p.code, splitParent, `parts.${i}.code`));
        const children = await this.repo.currentChildren(m, unit.id);
        const byCode = new Map(children.map((c) => [c.code, c.id]));
        const given = new Set<string>();
        const parts: { id: number; childIds: number[] }[] = [];
        for (const [i, p] of input.parts!.entries()) {
          const childIds: number[] = [];
          for (const c of p.childCodes) {
            const code = c; // normalised to 12 digits on input
            const id = byCode.get(code);
            if (id === undefined) throw invalid(`parts.${i}.childCodes: ${code} is not a current unit directly below ${unit.code}`, `parts.${i}.childCodes`);
            given.add(code);
            childIds.push(id);
          }
          const taken = await this.units.findByCode({ code: p.code, depth: unit.depth }, undefined, m);
          if (taken && taken.validTo === null && taken.id !== unit.id) throw invalid(`parts.${i}.code: ${p.code} is already a current unit (${taken.name})`, `parts.${i}.code`);
          parts.push({ id: 0, childIds });
        }
        const missing = children.filter((c) => !given.has(c.code)).map((c) => c.code);
        if (missing.length) throw invalid(`parts: every unit below ${unit.code} goes to one part; not given: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''}`, 'parts');
        await this.repo.endUnits(m, [unit.id], lastOld); // before the parts are added: a part may keep the unit's code
        for (const [i, p] of input.parts!.entries()) {
          const id = await this.repo.insertUnit(m, { code: p.code, name: p.name.trim(), parentId: unit.parentId, effective });
          created.push(id);
          parts[i]!.id = id;
          for (const childId of parts[i]!.childIds) await this.repo.addSubtree(m, childId, id, null, 'MOVE');
          extraLineage.push({ predecessorId: unit.id, successorId: id, kind: 'SPLIT' });
        }
        await this.repo.follow(m, unit.id, parts[0]!.id);
        target(unit, unit.code);
        break;
      }
      case TreeChangeKind.RETIRE: {
        const unit = await this.unit(m, actor, input.unitCode!, 'unitCode');
        if (unit.parentId === null) throw invalid('unitCode: the province is not retired here', 'unitCode');
        await this.repo.markRetired(m, unit.id);
        const orphans = await this.repo.orphanedReports(m, effective);
        if (orphans.length) {
          throw invalid(
            `effective: ${orphans.map((o) => `${o.code} has a report for ${o.period}`).join('; ')}; retire from a month after its last report, or merge the unit instead`,
            'effective',
          );
        }
        const stranded = await this.files.openFilesFrom(m, await this.repo.retiredIds(m), effective);
        if (stranded.length) {
          throw invalid(
            `unitCode: open registry files still live there from ${input.effective}: ${stranded.slice(0, 10).map((s) => `${s.code} (${s.count})`).join(', ')}${stranded.length > 10 ? ', …' : ''}; transfer each child to a village that stays, or merge the village into a neighbour instead (its files follow it)`,
            'unitCode',
            { openFiles: stranded },
          );
        }
        target(unit, unit.code);
        break;
      }
    }

    const tooLate = await this.repo.beginningTooLate(m, effective, endedOnly);
    if (tooLate.length) {
      throw invalid(`effective: ${tooLate.map((t) => `${t.code} begins in ${t.validFrom}`).join(', ')}; the change must take effect after that`, 'effective');
    }
    await this.repo.materialise(m, effective, lastOld);
    if (endedOnly.length) await this.repo.endUnits(m, endedOnly, lastOld);
    await this.repo.endRetired(m, lastOld);
    const clashes = await this.repo.reportClashes(m, effective);
    if (clashes.length) {
      throw invalid(
        `effective: two reports would be one: ${clashes.map((c) => `${c.code} ${c.period}`).join(', ')}; take the change effect from a later month, or have one of the reports reopened and its figures entered in the other`,
        'effective',
      );
    }
    const moved = await this.repo.repoint(m, effective);
    const followed = await this.repo.followedIds(m);
    const registryFiles = await this.files.follow(m, followed.oldIds, followed.newIds, effective, `TREE_${input.kind}`, actor.name);
    const touched = await this.repo.touched(m, created);
    const months = await this.repo.affectedMonths(m, provinceId, effective, moved.reports.map((r) => r.period));
    const summary: TreeChangeSummary = {
      kind: input.kind,
      effective: input.effective,
      unitsEnded: touched.ended,
      unitsCreated: touched.created.map(({ id: _id, ...u }) => u),
      reports: moved.reports,
      users: moved.users,
      apiKeys: moved.apiKeys,
      rollupMonths: months,
      registryFiles,
    };
    return { summary, extraLineage, auditUnitId, auditTarget, provinceId, createdIds: created };
  }

  /** A new unit's code lies under its parent's (BAD_USER_INPUT naming the field otherwise). */
  private fitsUnder(code: string, parent: AdminUnit, field: string): void {
    const problem = newCodeProblem(code, parent);
    if (problem) throw invalid(`${field}: ${code} does not fit under ${parent.code}: ${problem}`, field);
  }

}
