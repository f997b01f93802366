/** The application profile as the API accepts it: every section optional, every field validated. */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
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
import { CAPABILITIES, isAcceptableIdNumber, isCalendarDate, isValidUscc, type Capability } from '@mo/domain';
import { OptionalNotNull } from '../../common/validation';
import { ApiSchemaRefinement } from '../../common/validation-docs';

@ValidatorConstraint({ name: 'uscc' })
class UsccCheck implements ValidatorConstraintInterface {
  validate = (value: unknown): boolean => typeof value === 'string' && isValidUscc(value);
  defaultMessage = (): string => 'uscc must be a valid 18-character unified social credit code (check digit failed)';
}

@ValidatorConstraint({ name: 'idNumber' })
class ResidentIdCheck implements ValidatorConstraintInterface {
  // Without idType (a partial edit), a number shaped like a resident ID is still held to its check.
  validate = (value: unknown, args?: ValidationArguments): boolean =>
    typeof value === 'string' &&
    isAcceptableIdNumber((args?.object as { idType?: 'resident_id' | 'passport' } | undefined)?.idType, value);
  defaultMessage = (): string => 'idNumber must be a valid resident ID (check digit or birth date failed)';
}

@ValidatorConstraint({ name: 'calendarDate' })
class CalendarDateCheck implements ValidatorConstraintInterface {
  validate = (value: unknown): boolean => typeof value === 'string' && isCalendarDate(value);
  defaultMessage = (args?: ValidationArguments): string =>
    `${args?.property ?? 'date'} must be a real date (YYYY-MM-DD)`;
}

export class BusinessDto {
  @ApiPropertyOptional({ example: 'Fuzhou Example Trading Co., Ltd.', maxLength: 200 })
  @OptionalNotNull()
  @IsString()
  @Length(1, 200)
  legalName?: string;

  @ApiPropertyOptional({
    description: 'Format uscc: a unified social credit code (GB 32100-2015) whose check character passes',
    example: '91350100M000100Y43',
  })
  @OptionalNotNull()
  @IsString()
  @Validate(UsccCheck)
  uscc?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @OptionalNotNull()
  @IsString()
  @Length(1, 500)
  registeredAddress?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @OptionalNotNull()
  @IsString()
  @Length(1, 2000)
  businessScope?: string;

  @ApiPropertyOptional({ description: 'Merchant category code', example: '5411' })
  @OptionalNotNull()
  @IsString()
  @Matches(/^\d{4}$/, { message: 'mcc must be four digits' })
  mcc?: string;

  @ApiPropertyOptional({ example: 'https://shop.example.com' })
  @OptionalNotNull()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] })
  website?: string;

  @ApiPropertyOptional({ description: 'Expected monthly volume in CNY', example: 200000 })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000_000)
  expectedMonthlyVolume?: number;

  @ApiPropertyOptional({ example: 'finance@example.com' })
  @OptionalNotNull()
  @IsEmail()
  contactEmail?: string;

  @ApiPropertyOptional({ example: '+86 591 8888 8888' })
  @OptionalNotNull()
  @IsString()
  @Matches(/^\+?[0-9 ()-]{6,20}$/, { message: 'contactPhone must be a phone number' })
  contactPhone?: string;
}

// A declared resident ID must pass its check (ResidentIdCheck), as the spec states it.
@ApiSchemaRefinement({
  oneOf: [
    {
      properties: { idType: { type: 'string', enum: ['resident_id'] }, idNumber: { format: 'resident-id' } },
      required: ['idType'],
    },
    { properties: { idType: { type: 'string', enum: ['passport'] } }, required: ['idType'] },
    { not: { required: ['idType'] } },
  ],
})
export class LegalRepresentativeDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @OptionalNotNull()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ enum: ['resident_id', 'passport'] })
  @OptionalNotNull()
  @IsIn(['resident_id', 'passport'])
  idType?: 'resident_id' | 'passport';

  @ApiPropertyOptional({
    description:
      'Format id-number: a resident ID (format resident-id: GB 11643-1999, 17 digits and a check character ' +
      'that passes ISO 7064 MOD 11-2, digits 7-14 a real date) when idType is resident_id or when it is shaped ' +
      'like one; otherwise a passport number',
    example: '11010519491231002X',
  })
  @OptionalNotNull()
  @IsString()
  @Length(5, 30)
  @Validate(ResidentIdCheck)
  idNumber?: string;

  @ApiPropertyOptional({ format: 'date', example: '2035-12-31' })
  @OptionalNotNull()
  @Validate(CalendarDateCheck)
  idExpiry?: string;
}

export class BankAccountDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @OptionalNotNull()
  @IsString()
  @Length(1, 200)
  holderName?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @OptionalNotNull()
  @IsString()
  @Length(1, 200)
  bankName?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @OptionalNotNull()
  @IsString()
  @Length(1, 200)
  branch?: string;

  @ApiPropertyOptional({ example: '6222020200112345678' })
  @OptionalNotNull()
  @Matches(/^\d{8,34}$/, { message: 'accountNumber must be 8-34 digits' })
  accountNumber?: string;

  @ApiPropertyOptional({ enum: ['corporate', 'personal'] })
  @OptionalNotNull()
  @IsIn(['corporate', 'personal'])
  accountType?: 'corporate' | 'personal';
}

/** The editable profile sections; documents are attached through the documents route. */
export class ProfileDto {
  @ApiPropertyOptional({ type: BusinessDto })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => BusinessDto)
  business?: BusinessDto;

  @ApiPropertyOptional({ type: LegalRepresentativeDto })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => LegalRepresentativeDto)
  legalRepresentative?: LegalRepresentativeDto;

  @ApiPropertyOptional({ type: BankAccountDto })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => BankAccountDto)
  bankAccount?: BankAccountDto;

  @ApiPropertyOptional({ enum: CAPABILITIES, isArray: true })
  @OptionalNotNull()
  @IsArray()
  @ArrayUnique()
  @IsIn(CAPABILITIES, { each: true })
  capabilities?: Capability[];
}
