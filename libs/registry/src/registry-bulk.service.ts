import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccessError, csvBuffer, DomainError, type Actor, type UnitRef } from '@carenet/core';
import { AdminAuditRepository } from '@carenet/admin-audit';
import { childImportTemplate, parseChildImport, type ChildImportFormat } from './child-import-file.js';
import { ChildrenRepository } from './children.repository.js';
import { DataKeyring } from './data-keyring.js';
import { checkText, fileBirthDate } from './file-rules.js';
import { requireFileAccess, requireFileReach } from './registry-access.js';
import { AdminTreeService } from '@carenet/admin-tree';
import { DATA_KEYRING, RegistryService } from './registry.service.js';

export type ImportMode = 'ALL_OR_NOTHING' | 'VALID_ROWS';

export interface ChildImportResult {
  mode: ImportMode;
  total: number;
  created: number;
  problems: { row: number; field: string | null; message: string }[];
}

/** How one run of a ledger import is followed: the background job passes these; the request passes none. */
export interface ChildImportRun {
  /** Rows checked of the total, as they are. */
  onProgress?: (done: number, total: number) => Promise<void> | void;
  /**
   * Runs in the import's transaction once every row is in, with the result:
   * a job records itself finished there, so a run repeated after its worker
   * died finds it finished and creates no file twice.
   */
  beforeCommit?: (m: EntityManager, result: ChildImportResult) => Promise<void>;
}

const MAX_ROWS = 5000;
const MAX_BASE64 = 8 * 1024 * 1024;
const COUNTY_DEPTH = 3;

class RollBack extends Error {}

/** Ledgers in (import), a county's files out (export, administrators only, with a reason, logged). */
@Injectable()
export class RegistryBulkService {
  constructor(
    private readonly files: RegistryService,
    private readonly children: ChildrenRepository,
    private readonly tree: AdminTreeService,
    private readonly audit: AdminAuditRepository,
    @Inject(DATA_KEYRING) private readonly keys: DataKeyring,
  ) {}

  template(format: ChildImportFormat): Promise<Buffer> {
    return childImportTemplate(format);
  }

  /**
   * Every row is checked by the same rules as createChild, each in its own
   * savepoint; ALL_OR_NOTHING keeps nothing when any row has a problem,
   * VALID_ROWS keeps the rows that had none. Every problem names its row and field.
   */
  async importChildren(
    actor: Actor,
    input: { parentCode: string; format: ChildImportFormat; fileBase64: string; mode: ImportMode },
    run: ChildImportRun = {},
  ): Promise<ChildImportResult> {
    const parent = await this.admit(actor, input);
    return this.importChecked(actor, parent, input, Buffer.from(input.fileBase64, 'base64'), run);
  }

  /** The same import of a file already decoded and stored (a background job's): the same checks, from the same place. */
  async importChildrenFile(actor: Actor, input: { parentCode: string; format: ChildImportFormat; mode: ImportMode }, data: Buffer, run: ChildImportRun = {}): Promise<ChildImportResult> {
    const parent = await this.admit(actor, input);
    return this.importChecked(actor, parent, input, data, run);
  }

  /** Who may import files under which unit, and the file's size: checked when a job is started and when it runs. */
  async admit(actor: Actor, input: { parentCode: string; fileBase64?: string }): Promise<UnitRef> {
    requireFileReach(actor, 'EDIT');
    const parent = await this.tree.visibleUnitInTree(actor, input.parentCode, null, 'parentCode');
    requireFileAccess(actor, parent, 'EDIT', 'parentCode');
    if (input.fileBase64 !== undefined && input.fileBase64.length > MAX_BASE64) {
      throw new DomainError('BAD_USER_INPUT', 'IMPORT_FILE_REFUSED', `fileBase64: the file is larger than ${(MAX_BASE64 * 3) / 4 / 2 ** 20} MB (at most ${MAX_BASE64} base64 characters); split it by township`, {
        field: 'fileBase64',
      });
    }
    return parent;
  }

  private async importChecked(actor: Actor, parent: UnitRef, input: { format: ChildImportFormat; mode: ImportMode }, data: Buffer, run: ChildImportRun): Promise<ChildImportResult> {
    const parsed = await parseChildImport(input.format, data, MAX_ROWS);
    if (parsed.fileProblems.length) {
      throw new DomainError('BAD_USER_INPUT', 'IMPORT_FILE_REFUSED', parsed.fileProblems.join('; '), {
        field: 'fileBase64',
        violations: parsed.fileProblems.map((message) => ({ rule: 'FILE', field: 'fileBase64', message })),
      });
    }
    const problems: ChildImportResult['problems'] = [];
    let created = 0;
    let done = 0;
    const total = parsed.rows.length;
    await run.onProgress?.(0, total);
    try {
      await this.children.transaction(async (m) => {
        for (const { row, input: child } of parsed.rows) {
          if (done > 0) await run.onProgress?.(done, total);
          done++;
          const village = await this.tree.currentVillage(child.villageCode);
          if (!village || !village.pathIds.includes(parent.id)) {
            problems.push({ row, field: 'villageCode', message: `villageCode: no village '${String(child.villageCode).slice(0, 12)}' under ${parent.code}` });
            continue;
          }
          await m.query('SAVEPOINT import_row');
          try {
            await this.files.createChild(actor, child, { q: m });
            await m.query('RELEASE SAVEPOINT import_row');
            created++;
          } catch (e) {
            await m.query('ROLLBACK TO SAVEPOINT import_row');
            if (!(e instanceof DomainError)) throw e;
            problems.push({ row, field: typeof e.details.field === 'string' ? e.details.field : null, message: e.message });
          }
        }
        await run.onProgress?.(total, total);
        if (input.mode === 'ALL_OR_NOTHING' && problems.length > 0) throw new RollBack();
        await run.beforeCommit?.(m, { mode: input.mode, total, created, problems });
      });
    } catch (e) {
      if (!(e instanceof RollBack)) throw e;
      created = 0;
    }
    return { mode: input.mode, total, created, problems };
  }

  /**
   * A county's files as CSV, identifiers decrypted: the county's own
   * administrators only (registry-access.ts), with a stated reason; every file exported is
   * written to the access log and the export to the administrators' audit.
   */
  async exportChildren(actor: Actor, input: { countyCode: string; reason: string }): Promise<{ filename: string; contentBase64: string; count: number }> {
    requireFileReach(actor, 'EXPORT');
    const county = await this.tree.visibleUnitInTree(actor, input.countyCode, null, 'countyCode');
    requireFileAccess(actor, county, 'EXPORT', 'countyCode');
    const reason = checkText(input.reason, 'reason', 500)!;
    if (reason.length < 10) throw new DomainError('BAD_USER_INPUT', 'INVALID_FIELD', 'reason: say why the files are exported (at least 10 characters)', { field: 'reason' });
    if (county.depth !== COUNTY_DEPTH) throw new AccessError('BAD_USER_INPUT', 'NOT_A_COUNTY', `countyCode: ${county.code} is not a county`, { field: 'countyCode' });
    const rows = await this.children.exportRows(county.pathIds.join('.'));
    const header = ['id', 'villageCode', 'name', 'sex', 'birthDate', 'idNumber', 'openedOn', 'exitedOn', 'exitReason', 'grade', 'categories', 'helperName'];
    const lines = rows.map((r) => {
      const idNumber = r.idCipher ? this.keys.open({ cipher: r.idCipher, keyId: r.idKeyId }) : null;
      const birthDate = fileBirthDate({ birthMonth: r.birthMonth, birthDay: r.birthDay }, idNumber);
      return [r.id, r.villageCode, r.name, r.sex, birthDate, idNumber ?? '', r.openedOn, r.exitedOn, r.exitReason, r.grade, r.categories, r.helperName];
    });
    await this.children.transaction(async (m) => {
      if (rows.length) await this.children.logAccess(m, { actorKind: actor.kind, actorId: String(actor.id), actor: actor.name, childIds: rows.map((r) => r.id), unitId: county.id, action: 'EXPORT', purpose: 'EXPORT', note: reason });
      await this.audit.append({ actorId: actor.id as number, actor: actor.name, action: 'REGISTRY_EXPORT', unitId: county.id, target: county.code, details: { reason, files: rows.length } }, m);
    });
    return { filename: `children-${county.code}-${new Date().toISOString().slice(0, 10)}.csv`, contentBase64: csvBuffer([header, ...lines]).toString('base64'), count: rows.length };
  }
}
