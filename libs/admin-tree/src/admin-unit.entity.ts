import { Column, Entity, PrimaryColumn } from 'typeorm';
import { UnitLevel } from './admin-unit.js';

/**
 * The mapping of admin_unit for TypeORM's metadata. Reads and writes go
 * through AdminTreeRepository's SQL; the table itself is made by migrations.
 */
@Entity({ name: 'admin_unit' })
export class AdminUnitEntity {
  @PrimaryColumn({ type: 'integer' }) id!: number;
  @Column({ type: 'char', length: 12 }) code!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'enum', enum: UnitLevel, enumName: 'unit_level' }) level!: UnitLevel;
  @Column({ type: 'smallint' }) depth!: number;
  @Column({ name: 'parent_id', type: 'integer', nullable: true }) parentId!: number | null;
  @Column({ type: 'ltree' }) path!: string;
  @Column({ name: 'valid_from', type: 'date' }) validFrom!: string;
  @Column({ name: 'valid_to', type: 'date', nullable: true }) validTo!: string | null;
  @Column({ name: 'replaced_by_id', type: 'integer', nullable: true }) replacedById!: number | null;
}
