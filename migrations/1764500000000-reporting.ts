import type { MigrationInterface, QueryRunner } from 'typeorm';

const COUNT_MAX = 10_000_000;
const MONEY_MAX = 10_000_000_000_000;

/** The catalogue of docs/domain.md §2: code, 中文, English, unit, level where it is entered. */
const INDICATORS: [string, string, string, string, string][] = [
  ['LEFT_BEHIND_CHILDREN', '农村留守儿童', 'Left-behind children', 'persons', 'VILLAGE'],
  ['CHILDREN_IN_DIFFICULTY', '困境儿童', 'Children in difficulty', 'persons', 'VILLAGE'],
  ['ORPHANS_SCATTERED', '社会散居孤儿', 'Orphans living with relatives', 'persons', 'VILLAGE'],
  ['DEFACTO_UNSUPPORTED', '事实无人抚养儿童', 'Children with no de-facto carer', 'persons', 'VILLAGE'],
  ['RISK_RED', '风险等级 红', 'Monitored children at red risk', 'persons', 'VILLAGE'],
  ['RISK_ORANGE', '风险等级 橙', 'Monitored children at orange risk', 'persons', 'VILLAGE'],
  ['RISK_YELLOW', '风险等级 黄', 'Monitored children at yellow risk', 'persons', 'VILLAGE'],
  ['RISK_GREEN', '风险等级 绿', 'Monitored children at green risk', 'persons', 'VILLAGE'],
  ['HOME_VISITS', '走访', 'Home visits by the village child director', 'person-times', 'VILLAGE'],
  ['GUARDIANSHIP_AGREEMENTS', '委托监护确认书', 'Entrusted-guardianship agreements signed', 'count', 'VILLAGE'],
  ['CHILD_HOMES', '儿童之家', 'Village child-care sites in service', 'sites', 'VILLAGE'],
  ['CHILD_DIRECTORS', '儿童主任', 'Village child directors in post', 'persons', 'VILLAGE'],
  ['CHILD_SUPERVISORS', '儿童督导员', 'Township child supervisors in post', 'persons', 'TOWNSHIP'],
  ['MANDATORY_REPORTS', '强制报告线索', 'Leads from mandated reporters', 'cases', 'COUNTY'],
  ['TEMPORARY_GUARDIANSHIP', '临时监护照料', 'Children taken into temporary guardianship', 'persons', 'COUNTY'],
  ['ASSISTANCE_CASES', '救助帮扶', 'Assistance given (living, education, medical, housing, temporary)', 'person-times', 'COUNTY'],
  ['DROPOUTS_RETURNED', '控辍保学 返校', 'Out-of-school children brought back to school', 'persons', 'COUNTY'],
  ['PARENTS_RETURNED', '返乡就业创业', 'Parents of left-behind children who came home to work', 'persons', 'COUNTY'],
  ['ORPHANS_INSTITUTIONAL', '机构养育孤儿', 'Orphans raised in welfare institutions', 'persons', 'COUNTY'],
  ['WELFARE_INSTITUTIONS', '儿童福利机构', 'Child-welfare institutions', 'sites', 'COUNTY'],
  ['WELFARE_BEDS', '儿童福利机构床位', 'Beds in child-welfare institutions', 'beds', 'COUNTY'],
  ['PROTECTION_INSTITUTIONS', '未成年人保护机构', 'Minors-protection centres', 'sites', 'COUNTY'],
  ['PROTECTION_BEDS', '未成年人保护机构床位', 'Beds in minors-protection centres', 'beds', 'COUNTY'],
  ['SUBSIDY_INSTITUTIONAL_FEN', '机构养育孤儿基本生活费', 'Living subsidy paid for institutional orphans', 'fen', 'COUNTY'],
  ['SUBSIDY_SCATTERED_FEN', '散居孤儿基本生活费', 'Living subsidy paid for scattered orphans', 'fen', 'COUNTY'],
  ['SUBSIDY_DEFACTO_FEN', '事实无人抚养儿童生活补贴', 'Living subsidy paid for children with no de-facto carer', 'fen', 'COUNTY'],
];

/**
 * Monthly reports and what surrounds them: the indicator catalogue, subsidy
 * standards and deadlines (data, per province), users and API keys, the
 * reports with their values in a narrow table (sums over thousands of units
 * are one GROUP BY), the append-only audit, and idempotency keys.
 */
export class Reporting1764500000000 implements MigrationInterface {
  name = 'Reporting1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE indicator (
        code       text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{1,62}$'),
        name_zh    text NOT NULL,
        name_en    text NOT NULL,
        unit       text NOT NULL,
        kind       text NOT NULL CHECK (kind IN ('COUNT', 'MONEY')),
        level      unit_level NOT NULL,
        max_value  bigint NOT NULL CHECK (max_value > 0),
        sort_order integer NOT NULL,
        active     boolean NOT NULL DEFAULT true
      )`);
    for (const [i, [code, zh, en, unit, level]] of INDICATORS.entries()) {
      const money = unit === 'fen';
      await q.query(
        `INSERT INTO indicator (code, name_zh, name_en, unit, kind, level, max_value, sort_order) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [code, zh, en, unit, money ? 'MONEY' : 'COUNT', level, money ? MONEY_MAX : COUNT_MAX, (i + 1) * 10],
      );
    }

    // Monthly living-subsidy standards per child, per province and year (W1).
    await q.query(`
      CREATE TABLE subsidy_standard (
        province_code       char(12) NOT NULL,
        year                integer  NOT NULL,
        subsidy_indicator   text NOT NULL REFERENCES indicator (code),
        headcount_indicator text NOT NULL REFERENCES indicator (code),
        headcount_source    text NOT NULL CHECK (headcount_source IN ('VILLAGES', 'OWN')),
        monthly_fen         bigint NOT NULL CHECK (monthly_fen >= 0),
        PRIMARY KEY (province_code, year, subsidy_indicator)
      )`);
    await q.query(`
      INSERT INTO subsidy_standard VALUES
        ('520000000000', 2020, 'SUBSIDY_INSTITUTIONAL_FEN', 'ORPHANS_INSTITUTIONAL', 'OWN', 160000),
        ('520000000000', 2020, 'SUBSIDY_SCATTERED_FEN', 'ORPHANS_SCATTERED', 'VILLAGES', 105000),
        ('520000000000', 2020, 'SUBSIDY_DEFACTO_FEN', 'DEFACTO_UNSUPPORTED', 'VILLAGES', 105000)`);

    // Days after the month ends by which each level's report is due; a province may set its own.
    await q.query(`
      CREATE TABLE report_deadline (
        province_code char(12) NOT NULL DEFAULT '000000000000',
        level         unit_level NOT NULL,
        days          integer NOT NULL CHECK (days BETWEEN 0 AND 366),
        PRIMARY KEY (province_code, level)
      )`);
    await q.query(`
      INSERT INTO report_deadline (level, days) VALUES
        ('VILLAGE', 5), ('TOWNSHIP', 8), ('COUNTY', 10), ('CITY', 12), ('PROVINCE', 15)`);

    await q.query(`
      CREATE TABLE app_user (
        id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        username      text NOT NULL CHECK (username ~ '^[A-Za-z0-9._@-]{3,64}$'),
        password_hash text NOT NULL,
        roles         text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['CLERK','APPROVER','VIEWER','ADMIN']),
        unit_id       integer NOT NULL REFERENCES admin_unit (id),
        disabled_at   timestamptz,
        created_at    timestamptz NOT NULL DEFAULT now(),
        created_by    text NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX app_user_username ON app_user (lower(username))`);

    await q.query(`
      CREATE TABLE api_key (
        id          uuid PRIMARY KEY,
        name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        unit_id     integer NOT NULL REFERENCES admin_unit (id),
        secret_hash bytea NOT NULL UNIQUE,
        created_at  timestamptz NOT NULL DEFAULT now(),
        created_by  text NOT NULL,
        revoked_at  timestamptz
      )`);

    await q.query(`CREATE TYPE report_status AS ENUM ('DRAFT', 'SUBMITTED', 'APPROVED', 'RETURNED', 'EXEMPTED')`);
    await q.query(`
      CREATE TABLE report (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        unit_id         integer NOT NULL REFERENCES admin_unit (id),
        period          date NOT NULL CHECK (extract(day FROM period) = 1),
        status          report_status NOT NULL,
        version         integer NOT NULL CHECK (version > 0),
        editor_ids      integer[] NOT NULL DEFAULT '{}',
        saved_at        timestamptz,
        saved_by        integer REFERENCES app_user (id),
        submitted_at    timestamptz,
        submitted_by    integer REFERENCES app_user (id),
        approved_at     timestamptz,
        approved_by     integer REFERENCES app_user (id),
        late            boolean NOT NULL DEFAULT false,
        warnings        jsonb NOT NULL DEFAULT '[]',
        explanations    jsonb NOT NULL DEFAULT '[]',
        return_reason   text,
        return_comment  text,
        exempt_reason   text,
        approved_values jsonb,
        updated_at      timestamptz NOT NULL DEFAULT now(),
        UNIQUE (unit_id, period)
      )`);
    await q.query(`CREATE INDEX report_period_status ON report (period, status)`);
    await q.query(`
      CREATE TABLE report_value (
        report_id bigint NOT NULL REFERENCES report (id) ON DELETE CASCADE,
        indicator text   NOT NULL REFERENCES indicator (code),
        value     bigint NOT NULL CHECK (value >= 0),
        PRIMARY KEY (report_id, indicator)
      )`);

    await q.query(`
      CREATE TABLE report_audit (
        id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        report_id bigint NOT NULL REFERENCES report (id),
        at        timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_id  integer REFERENCES app_user (id),
        actor     text NOT NULL,
        action    text NOT NULL,
        reason    text,
        version   integer NOT NULL,
        before    jsonb,
        after     jsonb
      )`);
    await q.query(`CREATE INDEX report_audit_report ON report_audit (report_id, id)`);
    // the audit is append-only: nothing may change or remove what it holds
    await q.query(`
      CREATE FUNCTION report_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'report_audit is append-only'; END $$`);
    await q.query(`
      CREATE TRIGGER report_audit_append_only BEFORE UPDATE OR DELETE ON report_audit
      FOR EACH STATEMENT EXECUTE FUNCTION report_audit_append_only()`);

    await q.query(`
      CREATE TABLE idempotency_key (
        actor       text NOT NULL,
        key         text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
        operation   text NOT NULL,
        request_sha bytea NOT NULL,
        response    jsonb,
        created_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_key`);
    await q.query(`DROP TABLE report_audit`);
    await q.query(`DROP FUNCTION report_audit_append_only`);
    await q.query(`DROP TABLE report_value`);
    await q.query(`DROP TABLE report`);
    await q.query(`DROP TYPE report_status`);
    await q.query(`DROP TABLE api_key`);
    await q.query(`DROP TABLE app_user`);
    await q.query(`DROP TABLE report_deadline`);
    await q.query(`DROP TABLE subsidy_standard`);
    await q.query(`DROP TABLE indicator`);
  }
}
