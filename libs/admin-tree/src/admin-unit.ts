/** The five levels of the tree, root first. */
export enum UnitLevel {
  PROVINCE = 'PROVINCE',
  CITY = 'CITY',
  COUNTY = 'COUNTY',
  TOWNSHIP = 'TOWNSHIP',
  VILLAGE = 'VILLAGE',
}

export const LEVELS_BY_DEPTH: readonly UnitLevel[] = [
  UnitLevel.PROVINCE,
  UnitLevel.CITY,
  UnitLevel.COUNTY,
  UnitLevel.TOWNSHIP,
  UnitLevel.VILLAGE,
];

export function depthOfLevel(level: UnitLevel): number {
  return LEVELS_BY_DEPTH.indexOf(level) + 1;
}

/** One administrative unit over the months it existed (validTo null: it still does). */
export interface AdminUnit {
  id: number;
  code: string;
  name: string;
  level: UnitLevel;
  depth: number;
  parentId: number | null;
  /** Ids from the root down to this unit, this unit last. */
  pathIds: number[];
  validFrom: string;
  validTo: string | null;
}
