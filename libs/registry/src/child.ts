/** The shapes of a child's file, as services return them. */
export const GRADES = ['RED', 'ORANGE', 'YELLOW', 'GREEN'] as const;
export type Grade = (typeof GRADES)[number];
export const CATEGORIES = ['LEFT_BEHIND', 'IN_DIFFICULTY', 'ORPHAN_SCATTERED', 'ORPHAN_INSTITUTIONAL', 'DEFACTO_UNSUPPORTED'] as const;
export type Category = (typeof CATEGORIES)[number];
export const CATEGORY_STATUSES = ['PENDING', 'CERTIFIED', 'ENDED'] as const;
export type CategoryStatus = (typeof CATEGORY_STATUSES)[number];
export const FACT_FIELDS = ['NAME', 'HUKOU_PLACE', 'PARENTS_SITUATION', 'HEALTH', 'DISABILITY', 'SCHOOLING'] as const;
export type FactField = (typeof FACT_FIELDS)[number];
export const EXIT_REASONS = ['TURNED_18', 'PARENTS_RETURNED', 'ADOPTED', 'MOVED_AWAY', 'DIED', 'NO_LONGER_ELIGIBLE'] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];
export const HELPER_ROLES = ['CHILD_DIRECTOR', 'CHILD_SUPERVISOR', 'VILLAGE_CADRE', 'VOLUNTEER', 'OTHER'] as const;
export type HelperRole = (typeof HELPER_ROLES)[number];
export const GUARDIAN_RELATIONS = ['FATHER', 'MOTHER', 'GRANDPARENT', 'SIBLING', 'RELATIVE', 'ENTRUSTED', 'INSTITUTION', 'OTHER'] as const;
export type GuardianRelation = (typeof GUARDIAN_RELATIONS)[number];
export const VISIT_KINDS = ['HOME', 'PHONE', 'SCHOOL', 'OTHER'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];
export const ACCESS_PURPOSES = ['CASE_WORK', 'VISIT', 'REASSESSMENT', 'TRANSFER', 'SUPERVISION', 'AUDIT', 'EXPORT'] as const;
export type AccessPurpose = (typeof ACCESS_PURPOSES)[number];
export const SEXES = ['M', 'F'] as const;
export type Sex = (typeof SEXES)[number];

/** What a list shows: no full identifier, no phone, no birth date (with the mask, a birth month would give the ID number away). */
export interface ChildSummary {
  id: string;
  name: string;
  sex: Sex;
  age: number;
  idNumberMasked: string | null;
  needsHouseholdRegistration: boolean;
  villageCode: string;
  grade: Grade | null;
  /** Certified categories holding today. */
  categories: Category[];
  openedOn: string;
  exitedOn: string | null;
}

export interface Span {
  validFrom: string;
  validTo: string | null;
  recordedAt: Date;
  recordedBy: string;
}

export interface CategorySpan extends Span {
  category: Category;
  status: Exclude<CategoryStatus, 'ENDED'>;
  certifiedOn: string | null;
}
export interface GradeSpan extends Span {
  grade: Grade;
  reason: string;
  assessedBy: string;
}
export interface HelperSpan extends Span {
  name: string;
  role: HelperRole;
  phone: string | null;
}
export interface GuardianSpan extends Span {
  name: string;
  relation: GuardianRelation;
  phone: string | null;
}
export interface FactSpan extends Span {
  field: FactField;
  value: string;
}
export interface ResidenceSpan extends Span {
  villageCode: string;
  villageName: string;
  reason: string | null;
}
export interface Visit {
  visitedOn: string;
  visitor: string;
  kind: VisitKind;
  notes: string | null;
  followUp: string | null;
  recordedBy: string;
}

/** The full file: opening it is logged. `asOf` null: today; else what the file said on that day (history is always whole). */
export interface ChildFile {
  id: string;
  asOf: string;
  name: string;
  sex: Sex;
  birthDate: string;
  idNumber: string | null;
  idNumberMasked: string | null;
  needsHouseholdRegistration: boolean;
  villageCode: string;
  openedOn: string;
  exitedOn: string | null;
  exitReason: ExitReason | null;
  version: number;
  /** Spans holding on asOf. */
  grade: GradeSpan | null;
  categories: CategorySpan[];
  helper: HelperSpan | null;
  guardians: GuardianSpan[];
  facts: FactSpan[];
  /** Every span ever recorded (with closed ones), oldest first. */
  gradeHistory: GradeSpan[];
  categoryHistory: CategorySpan[];
  residenceHistory: ResidenceSpan[];
  factHistory: FactSpan[];
  helperHistory: HelperSpan[];
  visits: Visit[];
}

export interface AccessLogEntry {
  at: Date;
  actor: string;
  action: string;
  purpose: string;
  note: string | null;
}
