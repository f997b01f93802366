/** The application profile as the API accepts it: every section optional, every field validated. */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  Min,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { CAPABILITIES, isValidResidentId, isValidUscc, type Capability } from '@mo/domain';

@ValidatorConstraint({ name: 'uscc' })
class UsccCheck implements ValidatorConstraintInterface {
  validate = (value: unknown): boolean => typeof value === 'string' && isValidUscc(value);
  defaultMessage = (): string => 'uscc must be a valid 18-character unified social credit code (check digit failed)';
}

@ValidatorConstraint({ name: 'idNumber' })
class ResidentIdCheck implements ValidatorConstraintInterface {
  validate = (value: unknown, args?: ValidationArguments): boolean =>
    (args?.object as { idType?: string } | undefined)?.idType !== 'resident_id' ||
    (typeof value === 'string' && isValidResidentId(value));
  defaultMessage = (): string => 'idNumber must be a valid resident ID (check digit or birth date failed)';
}

export class BusinessDto {
  @ApiPropertyOptional({ example: 'Fuzhou Example Trading Co., Ltd.', maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  legalName?: string;

  @ApiPropertyOptional({ description: 'Unified social credit code (GB 32100-2015)', example: '91350100M000100Y43' })
  @IsOptional()
  @IsString()
  @Validate(UsccCheck)
  uscc?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  registeredAddress?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  businessScope?: string;

  @ApiPropertyOptional({ description: 'Merchant category code', example: '5411' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}$/, { message: 'mcc must be four digits' })
  mcc?: string;

  @ApiPropertyOptional({ example: 'https://shop.example.com' })
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] })
  website?: string;

  @ApiPropertyOptional({ description: 'Expected monthly volume in CNY', example: 200000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000_000)
  expectedMonthlyVolume?: number;

  @ApiPropertyOptional({ example: 'finance@example.com' })
  @IsOptional()
  @IsEmail()
  contactEmail?: string;

  @ApiPropertyOptional({ example: '+86 591 8888 8888' })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 ()-]{6,20}$/, { message: 'contactPhone must be a phone number' })
  contactPhone?: string;
}

export class LegalRepresentativeDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ enum: ['resident_id', 'passport'] })
  @IsOptional()
  @IsIn(['resident_id', 'passport'])
  idType?: 'resident_id' | 'passport';

  @ApiPropertyOptional({ description: 'Resident ID (GB 11643-1999) or passport number', example: '11010519491231002X' })
  @IsOptional()
  @IsString()
  @Length(5, 30)
  @Validate(ResidentIdCheck)
  idNumber?: string;

  @ApiPropertyOptional({ format: 'date', example: '2035-12-31' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'idExpiry must be a date (YYYY-MM-DD)' })
  idExpiry?: string;
}

export class BankAccountDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  holderName?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  bankName?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  branch?: string;

  @ApiPropertyOptional({ example: '6222020200112345678' })
  @IsOptional()
  @Matches(/^\d{8,34}$/, { message: 'accountNumber must be 8-34 digits' })
  accountNumber?: string;

  @ApiPropertyOptional({ enum: ['corporate', 'personal'] })
  @IsOptional()
  @IsIn(['corporate', 'personal'])
  accountType?: 'corporate' | 'personal';
}

/** The editable profile sections; documents are attached through the documents route. */
export class ProfileDto {
  @ApiPropertyOptional({ type: BusinessDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BusinessDto)
  business?: BusinessDto;

  @ApiPropertyOptional({ type: LegalRepresentativeDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LegalRepresentativeDto)
  legalRepresentative?: LegalRepresentativeDto;

  @ApiPropertyOptional({ type: BankAccountDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BankAccountDto)
  bankAccount?: BankAccountDto;

  @ApiPropertyOptional({ enum: CAPABILITIES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(CAPABILITIES, { each: true })
  capabilities?: Capability[];
}
