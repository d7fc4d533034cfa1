import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CONFIG, checkPageSize, decodeCursor, encodeCursor, InputError, InputErrorReason, notFound, parsePeriod, type Actor, type Config, type UnitRef } from '@carenet/core';
import {
  ACCESS_PURPOSES,
  CATEGORIES,
  CATEGORY_STATUSES,
  EXIT_REASONS,
  FACT_FIELDS,
  GRADES,
  GUARDIAN_RELATIONS,
  HELPER_ROLES,
  SEXES,
  VISIT_KINDS,
  type AccessLogEntry,
  type ChildFile,
  type ChildSummary,
} from './child.js';
import { ChildrenRepository, type ChildRow, type SpanTable } from './children.repository.js';
import { DataKeyring, keyringFor } from './data-keyring.js';
import { IdLookupBudget } from './id-lookup-budget.js';
import { checkDate, checkEffective, checkOneOf, checkPhone, checkText, fileBirthDate, holdingOn, keptBirth, monthEnd, today } from './file-rules.js';
import { idBirthDate, idNumberProblem, normalizeIdNumber } from './id-number.js';
import { registryReach, requireFileAccess, requireFileReach, seesFile, type FileCapability } from './registry-access.js';
import { RegistryCountsRepository } from './registry-counts.repository.js';
import { AdminTreeService } from '@carenet/admin-tree';
import { childNotFound, invalid, RegistryError, RegistryErrorReason } from './registry.errors.js';

export const DATA_KEYRING = Symbol('DATA_KEYRING');
export const dataKeyringProvider = { provide: DATA_KEYRING, inject: [CONFIG], useFactory: (config: Config) => keyringFor(config) };

export interface CategoryInput {
  category: string;
  status: string;
  certifiedOn?: string | null;
}
export interface GradeInput {
  grade: string;
  reason: string;
  assessedBy: string;
}
export interface HelperInput {
  name: string;
  role: string;
  phone?: string | null;
}
export interface GuardianInput {
  name: string;
  relation: string;
  phone?: string | null;
}
export interface FactInput {
  field: string;
  value: string;
}

export interface CreateChildInput {
  villageCode: string;
  name: string;
  sex: string;
  birthDate: string;
  idNumber?: string | null;
  openedOn?: string | null;
  categories?: CategoryInput[] | null;
  grade?: GradeInput | null;
  helper?: HelperInput | null;
  guardians?: GuardianInput[] | null;
  facts?: FactInput[] | null;
}

export interface UpdateChildInput {
  childId: string;
  effective: string;
  expectedVersion?: number | null;
  facts?: FactInput[] | null;
  categories?: CategoryInput[] | null;
  grade?: GradeInput | null;
  helper?: HelperInput | null;
  guardians?: GuardianInput[] | null;
}

const ID_ERRORS = {
  FORMAT: '17 digits and a check character (a digit or X)',
  BIRTH_DATE: 'digits 7 to 14 are not a real birth date',
  CHECK_DIGIT: 'the check character does not match (GB 11643)',
};

/** Where a family should turn when a child already has a file elsewhere (nothing about where that is). */
export const DUPLICATE_MESSAGE =
  'idNumber: this child already has a file, and a child has only one. If the family has moved here, ask the county civil-affairs office that keeps your villages to request a transfer of the file through the province; no new file was created';

const MAX_NAME = 50;

/** Files: opening, changing, transferring and closing them; lists; the access log. */
@Injectable()
export class RegistryService {
  constructor(
    private readonly children: ChildrenRepository,
    private readonly counts: RegistryCountsRepository,
    private readonly tree: AdminTreeService,
    private readonly lookups: IdLookupBudget,
    @Inject(DATA_KEYRING) private readonly keys: DataKeyring,
  ) {}

  // --- opening and changing files -------------------------------------------------

  async createChild(actor: Actor, input: CreateChildInput, opts: { q?: EntityManager; action?: string } = {}): Promise<ChildSummary> {
    requireFileReach(actor, 'EDIT');
    const village = await this.villageInScope(actor, input.villageCode, 'villageCode', 'EDIT');
    const openedOn = checkEffective(input.openedOn ?? today(), 'openedOn', null);
    const c = this.checkIdentity(input);
    const initial = this.checkChanges({ ...input, effective: openedOn, childId: '' });
    if (c.idNumber) await this.refuseDuplicate(actor, village.id, c.idNumber);
    const work = async (m: EntityManager) => {
      await this.children.lockVillages(m, [village.id]);
      await this.refuseEnded(m, village.id, 'villageCode');
      const sealed = c.idNumber ? this.keys.seal(c.idNumber) : null;
      let id: string;
      try {
        id = await this.children.insertChild(m, {
          unitId: village.id,
          name: c.name,
          sex: c.sex,
          ...keptBirth(c.birthDate, c.idNumber !== null),
          idCipher: sealed?.cipher ?? null,
          idKeyId: sealed?.keyId ?? null,
          idBlind: c.idNumber ? this.keys.blindIndex(c.idNumber) : null,
          idLast4: c.idNumber ? c.idNumber.slice(-4) : null,
          openedOn,
          createdBy: actor.name,
        });
      } catch (e) {
        if ((e as { constraint?: string }).constraint === 'child_id_blind') throw new RegistryError('CONFLICT', RegistryErrorReason.DUPLICATE_ID_NUMBER, DUPLICATE_MESSAGE, { field: 'idNumber' });
        throw e;
      }
      await this.writeChanges(m, id, openedOn, initial, actor.name);
      await this.counts.applyChange(m, [id], [village.id], openedOn);
      return id;
    };
    const id = opts.q ? await work(opts.q) : await this.children.transaction(work);
    if (opts.q) return { id } as ChildSummary;
    const [summary] = await this.children.summariesByIds([id]);
    return summary;
  }

  /** Changes effective on one day: facts, categories, grade, helper, guardians (the new list replaces the old). */
  async updateChild(actor: Actor, input: UpdateChildInput): Promise<ChildSummary> {
    requireFileReach(actor, 'EDIT');
    const changes = this.checkChanges(input);
    await this.children.transaction(async (m) => {
      const child = await this.editable(actor, input.childId, m);
      checkEffective(input.effective, 'effective', child.openedOn);
      if (input.expectedVersion != null && input.expectedVersion !== child.version) {
        throw new RegistryError('CONFLICT', RegistryErrorReason.VERSION_MISMATCH, `expectedVersion: the file is at version ${child.version}`, { field: 'expectedVersion' });
      }
      await this.children.lockVillages(m, [child.unitId]);
      await this.writeChanges(m, child.id, input.effective, changes, actor.name);
      const name = changes.facts.find((f) => f.field === 'NAME')?.value;
      await this.children.touch(m, child.id, name ? { name } : {});
      await this.counts.applyChange(m, [child.id], [child.unitId], input.effective);
    });
    const [summary] = await this.children.summariesByIds([input.childId]);
    return summary;
  }

  async recordVisit(actor: Actor, input: { childId: string; visitedOn: string; visitor: string; kind: string; notes?: string | null; followUp?: string | null }): Promise<ChildSummary> {
    requireFileReach(actor, 'EDIT');
    const visitor = checkText(input.visitor, 'visitor', MAX_NAME)!;
    const kind = checkOneOf(input.kind, 'kind', VISIT_KINDS);
    const notes = checkText(input.notes, 'notes', 2000, false);
    const followUp = checkText(input.followUp, 'followUp', 2000, false);
    await this.children.transaction(async (m) => {
      const child = await this.editable(actor, input.childId, m);
      checkEffective(input.visitedOn, 'visitedOn', child.openedOn);
      await this.children.lockVillages(m, [child.unitId]);
      await this.children.insertVisit(m, { childId: child.id, visitedOn: input.visitedOn, visitor, kind, notes, followUp, recordedBy: actor.name });
      await this.children.touch(m, child.id);
      await this.counts.applyChange(m, [child.id], [child.unitId], input.visitedOn);
    });
    const [summary] = await this.children.summariesByIds([input.childId]);
    return summary;
  }

  /** A family that moved: the file, with its whole history, now lives in another village (anywhere in the tree). */
  async transferChild(actor: Actor, input: { childId: string; toVillageCode: string; effective: string; reason: string }): Promise<ChildSummary> {
    requireFileReach(actor, 'EDIT');
    const reason = checkText(input.reason, 'reason', 500)!;
    const to = await this.tree.currentVillage(input.toVillageCode);
    if (!to) throw notFound(String(input.toVillageCode).slice(0, 12), 'toVillageCode');
    await this.children.transaction(async (m) => {
      const child = await this.editable(actor, input.childId, m);
      checkEffective(input.effective, 'effective', child.openedOn);
      if (to.id === child.unitId) throw invalid('toVillageCode', 'the file already lives in this village');
      const latest = await this.children.latestSpanStart(m, 'child_residence', child.id);
      if (latest && input.effective <= latest) throw this.beforeLatest('effective', latest);
      await this.children.lockVillages(m, [child.unitId, to.id]);
      await this.refuseEnded(m, to.id, 'toVillageCode');
      await this.children.closeSpans(m, 'child_residence', child.id, input.effective);
      await this.children.insertSpan(m, 'child_residence', { child_id: child.id, unit_id: to.id, reason, valid_from: input.effective, recorded_by: actor.name });
      await this.children.touch(m, child.id, { unitId: to.id });
      await this.children.logAccess(m, { ...this.who(actor), childIds: [child.id], unitId: child.unitId, action: 'TRANSFER', purpose: 'TRANSFER', note: `to ${to.code}` });
      await this.counts.applyChange(m, [child.id], [child.unitId, to.id], input.effective);
    });
    const [summary] = await this.children.summariesByIds([input.childId]);
    return summary;
  }

  async closeChildFile(actor: Actor, input: { childId: string; exitedOn: string; exitReason: string }): Promise<ChildSummary> {
    requireFileReach(actor, 'EDIT');
    const reason = checkOneOf(input.exitReason, 'exitReason', EXIT_REASONS);
    await this.children.transaction(async (m) => {
      const child = await this.editable(actor, input.childId, m);
      checkEffective(input.exitedOn, 'exitedOn', child.openedOn);
      await this.children.lockVillages(m, [child.unitId]);
      await this.children.touch(m, child.id, { exitedOn: input.exitedOn, exitReason: reason });
      await this.counts.applyChange(m, [child.id], [child.unitId], input.exitedOn);
    });
    const [summary] = await this.children.summariesByIds([input.childId]);
    return summary;
  }

  // --- reading --------------------------------------------------------------------

  /**
   * The full file, identifiers decrypted, as it stood at the end of `asOf`
   * (a month; null: today), with its whole history. Every opening is logged
   * (who, when, which child, purpose) before anything is returned.
   */
  async childFile(actor: Actor, childId: string, purpose: string, asOf?: string | null, note?: string | null): Promise<ChildFile> {
    requireFileReach(actor, 'OPEN');
    const why = checkOneOf(purpose, 'purpose', ACCESS_PURPOSES);
    const noteText = checkText(note, 'note', 500, false);
    if (asOf) parsePeriod(asOf, 'asOf');
    const child = await this.children.byId(childId);
    if (!child || !seesFile(actor, child.village)) throw childNotFound();
    await this.children.logAccess(undefined, { ...this.who(actor), childIds: [child.id], unitId: child.unitId, action: 'OPEN_FILE', purpose: why, note: noteText });
    return this.assemble(child, asOf ? monthEnd(asOf) : today());
  }

  async listChildren(actor: Actor, q: { unitCode: string; nameContains?: string | null; status?: 'OPEN' | 'CLOSED' | 'ALL' | null; first?: number | null; after?: string | null }) {
    requireFileReach(actor, 'LIST');
    const unit = await this.tree.visibleUnitInTree(actor, q.unitCode, null, 'unitCode');
    requireFileAccess(actor, unit, 'LIST');
    const limit = checkPageSize(q.first);
    const nameContains = checkText(q.nameContains, 'nameContains', MAX_NAME, false);
    const status = q.status ?? 'OPEN';
    const after = pageKey(q.after);
    const unitPath = unit.pathIds.join('.');
    const rows: ChildSummary[] = await this.children.list({ unitPath, nameContains, status, limit, after });
    const items = rows.slice(0, limit);
    const cursors = items.map((c) => encodeCursor([c.name, c.id]));
    return { items, cursors, hasNextPage: rows.length > limit, endCursor: cursors.at(-1) ?? null, totalCount: () => this.children.countList({ unitPath, nameContains, status }) };
  }

  /**
   * The file of an ID number, if it is in the caller's scope (masked summary;
   * nothing about files elsewhere). Each look-up of a valid number takes one
   * from the caller's hourly budget and is logged, found or not.
   */
  async childByIdNumber(actor: Actor, idNumber: string): Promise<ChildSummary | null> {
    requireFileReach(actor, 'LIST');
    const id = normalizeIdNumber(String(idNumber).slice(0, 40));
    if (idNumberProblem(id)) return null;
    await this.lookups.take(actor, 1, 'idNumber');
    const all = await this.children.byBlindIndex(this.keys.blindIndexes(id));
    const found = all.filter((f) => seesFile(actor, f.village));
    await this.children.logLookups({ ...this.who(actor), kind: 'ID_LOOKUP', unitId: null, found: [{ childId: all[0]?.id ?? null, found: found.length > 0 }] });
    if (found.length === 0) return null;
    const [summary] = await this.children.summariesByIds([found[0]!.id]);
    return summary ?? null;
  }

  async accessLog(actor: Actor, childId: string, first?: number | null): Promise<AccessLogEntry[]> {
    requireFileReach(actor, 'OPEN');
    const child = await this.children.byId(childId);
    if (!child || !seesFile(actor, child.village)) throw childNotFound();
    return this.children.accessLog(child.id, checkPageSize(first));
  }

  // --- internals ------------------------------------------------------------------

  private who(actor: Actor) {
    return { actorKind: actor.kind, actorId: String(actor.id), actor: actor.name };
  }

  private async villageInScope(actor: Actor, code: string, field: string, need: FileCapability): Promise<UnitRef> {
    const village = await this.tree.currentVillage(code);
    if (!village || !seesFile(actor, village)) throw notFound(String(code).slice(0, 12), field);
    requireFileAccess(actor, village, need, field);
    return village;
  }

  /** The file, locked, if the actor may edit it; else NOT_FOUND (outside scope) or FORBIDDEN. */
  private async editable(actor: Actor, childId: string, m: EntityManager): Promise<ChildRow> {
    const child = await this.children.byId(childId, m, true);
    if (!child || !seesFile(actor, child.village)) throw childNotFound();
    requireFileAccess(actor, child.village, 'EDIT', 'childId');
    if (child.exitedOn) throw new RegistryError('CONFLICT', RegistryErrorReason.FILE_CLOSED, `childId: the file was closed on ${child.exitedOn}`, { field: 'childId' });
    return child;
  }

  /** The village was ended by a tree change that committed while this change waited for its lock. */
  private async refuseEnded(m: EntityManager, villageId: number, field: string): Promise<void> {
    if (await this.children.villageStillCurrent(m, villageId)) return;
    throw new RegistryError('CONFLICT', RegistryErrorReason.VILLAGE_CHANGED, `${field}: the village was just changed in the tree (merged, split, moved or retired); reload and choose its successor`, { field });
  }

  private checkIdentity(input: CreateChildInput) {
    const name = checkText(input.name, 'name', MAX_NAME)!;
    const sex = checkOneOf(input.sex, 'sex', SEXES);
    const birthDate = checkDate(input.birthDate, 'birthDate');
    if (birthDate > today()) throw invalid('birthDate', 'may not be in the future');
    let idNumber: string | null = null;
    if (input.idNumber && input.idNumber.trim() !== '') {
      idNumber = normalizeIdNumber(input.idNumber);
      const problem = idNumberProblem(idNumber);
      if (problem) throw new RegistryError('BAD_USER_INPUT', RegistryErrorReason.INVALID_ID_NUMBER, `idNumber: ${ID_ERRORS[problem]}`, { field: 'idNumber', rule: problem });
      if (idBirthDate(idNumber) !== birthDate) throw invalid('birthDate', 'does not match the birth date in the ID number');
    }
    return { name, sex, birthDate, idNumber };
  }

  private checkChanges(input: UpdateChildInput) {
    const facts = (input.facts ?? []).map((f, i) => ({ field: checkOneOf(f.field, `facts[${i}].field`, FACT_FIELDS), value: checkText(f.value, `facts[${i}].value`, 500)! }));
    const categories = (input.categories ?? []).map((c, i) => {
      const status = checkOneOf(c.status, `categories[${i}].status`, CATEGORY_STATUSES);
      const certifiedOn = c.certifiedOn ? checkDate(c.certifiedOn, `categories[${i}].certifiedOn`) : null;
      if (status === 'CERTIFIED' && !certifiedOn) throw invalid(`categories[${i}].certifiedOn`, 'required when the status is CERTIFIED');
      return { category: checkOneOf(c.category, `categories[${i}].category`, CATEGORIES), status, certifiedOn };
    });
    const lists: [string, string[]][] = [['facts', facts.map((f) => f.field)], ['categories', categories.map((c) => c.category)]];
    for (const [field, list] of lists) {
      const dup = list.find((x, i) => list.indexOf(x) !== i);
      if (dup) throw invalid(field, `${dup} appears twice`);
    }
    const grade = input.grade
      ? { grade: checkOneOf(input.grade.grade, 'grade.grade', GRADES), reason: checkText(input.grade.reason, 'grade.reason', 500)!, assessedBy: checkText(input.grade.assessedBy, 'grade.assessedBy', 100)! }
      : null;
    const helper = input.helper
      ? { name: checkText(input.helper.name, 'helper.name', MAX_NAME)!, role: checkOneOf(input.helper.role, 'helper.role', HELPER_ROLES), phone: checkPhone(input.helper.phone, 'helper.phone') }
      : null;
    const guardians =
      input.guardians == null
        ? null
        : input.guardians.map((g, i) => ({ name: checkText(g.name, `guardians[${i}].name`, MAX_NAME)!, relation: checkOneOf(g.relation, `guardians[${i}].relation`, GUARDIAN_RELATIONS), phone: checkPhone(g.phone, `guardians[${i}].phone`) }));
    return { facts, categories, grade, helper, guardians };
  }

  private beforeLatest(field: string, latest: string) {
    return new RegistryError('BAD_USER_INPUT', RegistryErrorReason.EFFECTIVE_BEFORE_LATEST, `${field}: the file already records a change from ${latest}; a change takes effect on or after it`, { field });
  }

  /** One change of a span table on day `from`: refused before the latest start, else the holding span is closed and the new one opened. */
  private async span(m: EntityManager, table: SpanTable, childId: string, from: string, row: Record<string, unknown> | null, key?: { column: string; value: string }) {
    const latest = await this.children.latestSpanStart(m, table, childId, key);
    if (latest && from < latest) throw this.beforeLatest('effective', latest);
    await this.children.closeSpans(m, table, childId, from, key);
    if (row) await this.children.insertSpan(m, table, { child_id: childId, valid_from: from, ...row });
  }

  private async writeChanges(m: EntityManager, childId: string, from: string, c: ReturnType<RegistryService['checkChanges']>, by: string) {
    for (const f of c.facts) await this.span(m, 'child_fact', childId, from, { field: f.field, value: f.value, recorded_by: by }, { column: 'field', value: f.field });
    for (const k of c.categories) {
      const row = k.status === 'ENDED' ? null : { category: k.category, status: k.status, certified_on: k.certifiedOn, recorded_by: by };
      await this.span(m, 'child_category', childId, from, row, { column: 'category', value: k.category });
    }
    if (c.grade) await this.span(m, 'child_grade', childId, from, { grade: c.grade.grade, reason: c.grade.reason, assessed_by: c.grade.assessedBy, recorded_by: by });
    if (c.helper) {
      const phone = c.helper.phone ? this.keys.seal(c.helper.phone) : null;
      await this.span(m, 'child_helper', childId, from, { name: c.helper.name, role: c.helper.role, phone_cipher: phone?.cipher ?? null, phone_key_id: phone?.keyId ?? null, recorded_by: by });
    }
    if (c.guardians) {
      await this.children.closeSpans(m, 'child_guardian', childId, from);
      for (const g of c.guardians) {
        const phone = g.phone ? this.keys.seal(g.phone) : null;
        await this.children.insertSpan(m, 'child_guardian', { child_id: childId, valid_from: from, name: g.name, relation: g.relation, phone_cipher: phone?.cipher ?? null, phone_key_id: phone?.keyId ?? null, recorded_by: by });
      }
    }
  }

  /**
   * A number that already has a file is refused; the refusal confirms that the
   * number has a file somewhere, so each one takes a look-up from the caller's
   * budget and is logged (where it was asked, by whom, which file; never the
   * number, nor anything to the caller about where the file is).
   */
  private async refuseDuplicate(actor: Actor, villageId: number, idNumber: string): Promise<void> {
    const found = await this.children.byBlindIndex(this.keys.blindIndexes(idNumber));
    if (found.length === 0) return;
    const told = await this.lookups.take(actor, 1, 'idNumber').then(
      () => true,
      (e) => e,
    );
    await this.children.logLookups({ ...this.who(actor), kind: 'DUPLICATE_CHECK', unitId: villageId, found: [{ childId: found[0]!.id, found: told === true }] });
    if (told !== true) throw told;
    // the same answer whether the other file is in the caller's area or not: nothing about where it is
    throw new RegistryError('CONFLICT', RegistryErrorReason.DUPLICATE_ID_NUMBER, DUPLICATE_MESSAGE, { field: 'idNumber' });
  }

  private openPhone(cipherB64: string | null, keyId: string | null): string | null {
    return cipherB64 && keyId ? this.keys.open({ cipher: Buffer.from(cipherB64, 'base64'), keyId }) : null;
  }

  private async assemble(child: ChildRow, d: string): Promise<ChildFile> {
    const h = await this.children.history(child.id);
    const helpers = h.helpers.map(({ phoneCipher, phoneKeyId, ...s }) => ({ ...s, phone: this.openPhone(phoneCipher, phoneKeyId) }));
    const guardians = h.guardians.map(({ phoneCipher, phoneKeyId, id: _id, ...s }) => ({ ...s, phone: this.openPhone(phoneCipher, phoneKeyId) }));
    const residence = holdingOn(h.residences, d)[0] ?? h.residences[0];
    const name = holdingOn(h.facts, d).find((f) => f.field === 'NAME')?.value ?? child.name;
    const idNumber = child.idCipher && child.idKeyId ? this.keys.open({ cipher: child.idCipher, keyId: child.idKeyId }) : null;
    return {
      id: child.id,
      asOf: d,
      name,
      sex: child.sex,
      birthDate: fileBirthDate(child, idNumber),
      idNumber,
      idNumberMasked: child.idNumberMasked,
      needsHouseholdRegistration: child.idCipher === null,
      villageCode: residence?.villageCode ?? child.village.code,
      openedOn: child.openedOn,
      exitedOn: child.exitedOn && child.exitedOn <= d ? child.exitedOn : null,
      exitReason: child.exitedOn && child.exitedOn <= d ? (child.exitReason as ChildFile['exitReason']) : null,
      version: child.version,
      grade: holdingOn(h.grades, d)[0] ?? null,
      categories: holdingOn(h.categories, d),
      helper: holdingOn(helpers, d)[0] ?? null,
      guardians: holdingOn(guardians, d),
      facts: holdingOn(h.facts, d),
      gradeHistory: h.grades,
      categoryHistory: h.categories,
      residenceHistory: h.residences,
      factHistory: h.facts,
      helperHistory: helpers,
      visits: h.visits.filter((v) => v.visitedOn <= d),
    };
  }

  /** What the actor may see of files in general (for the API to tell screens). */
  reach(actor: Actor) {
    return registryReach(actor);
  }
}

function pageKey(after: string | null | undefined): { name: string; id: string } | undefined {
  const keys = decodeCursor(after);
  if (keys === undefined) return undefined;
  const [name, id] = keys;
  if (typeof name !== 'string' || typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) {
    throw new InputError(InputErrorReason.INVALID_CURSOR, 'after: not a cursor of this list', 'after');
  }
  return { name, id };
}
