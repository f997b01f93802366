/** The application profile as the API accepts it: every section optional, every field validated. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
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
  ValidateIf,
  ValidateNested,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import {
  CAPABILITIES,
  isAcceptableIdNumber,
  isCalendarDate,
  isCountryCode,
  isOwnershipPercent,
  isValidUscc,
  MAX_BENEFICIAL_OWNERS,
  MIN_BENEFICIAL_OWNERS,
  OWNER_CONTROLS,
  OWNER_ID_PATTERN,
  ownerShapeErrors,
  type BeneficialOwner,
  type OwnerShapeError,
  type Capability,
  type OwnerControl,
} from '@mo/domain';
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

@ValidatorConstraint({ name: 'countryCode' })
class CountryCodeCheck implements ValidatorConstraintInterface {
  validate = (value: unknown): boolean => typeof value === 'string' && isCountryCode(value);
  defaultMessage = (): string => 'nationality must be an ISO 3166-1 alpha-2 code such as CN';
}

@ValidatorConstraint({ name: 'ownershipPercent' })
class OwnershipPercentCheck implements ValidatorConstraintInterface {
  validate = (value: unknown): boolean => isOwnershipPercent(value);
  defaultMessage = (): string => 'ownershipPercent must be 0-100 with at most two decimals';
}

/** The list-wide rules of the domain (`ownerShapeErrors`, scope list): count, unique ids, a total of at most 100. */
@ValidatorConstraint({ name: 'beneficialOwners' })
class OwnerListCheck implements ValidatorConstraintInterface {
  private readonly listErrors = (value: unknown): OwnerShapeError[] =>
    Array.isArray(value) ? ownerShapeErrors(value as BeneficialOwner[]).filter((e) => e.scope === 'list') : [];
  validate = (value: unknown): boolean => this.listErrors(value).length === 0;
  defaultMessage = (args?: ValidationArguments): string =>
    this.listErrors(args?.value)
      .map((e) => `${e.field} ${e.message}`)
      .join('; ');
}

// As the legal representative's ID rule, crossed with the ownership rule (an ownership owner states
// its share): each variant is one idType case and one control case, so exactly one matches.
const ID_CASES = [
  {
    properties: { idType: { type: 'string', enum: ['resident_id'] }, idNumber: { format: 'resident-id' } },
    required: ['idType'],
  },
  { properties: { idType: { type: 'string', enum: ['passport'] } }, required: ['idType'] },
  { not: { required: ['idType'] } },
];
const CONTROL_CASES = [
  { properties: { control: { type: 'string', enum: ['ownership'] } }, required: ['control', 'ownershipPercent'] },
  { properties: { control: { type: 'string', enum: ['other_control', 'senior_manager'] } }, required: ['control'] },
];
@ApiSchemaRefinement({
  oneOf: ID_CASES.flatMap((id) =>
    CONTROL_CASES.map((control) => ({
      ...id,
      ...control,
      properties: { ...id.properties, ...control.properties },
      required: [...(id.required ?? []), ...control.required],
    })),
  ),
})
export class BeneficialOwnerDto {
  @ApiProperty({
    description: 'The merchant’s own id for this owner, stable across revisions (reasons and diffs name it)',
    example: 'owner-1',
  })
  @IsString()
  @Matches(OWNER_ID_PATTERN, { message: 'id must be 1-28 letters, digits, _ or -' })
  id!: string;

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
    description: 'Format id-number: as the legal representative’s (a resident ID must pass its check)',
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

  @ApiPropertyOptional({ format: 'date', example: '1949-12-31' })
  @OptionalNotNull()
  @Validate(CalendarDateCheck)
  dateOfBirth?: string;

  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2', pattern: '^[A-Z]{2}$', example: 'CN' })
  @OptionalNotNull()
  @Validate(CountryCodeCheck)
  nationality?: string;

  @ApiProperty({
    enum: OWNER_CONTROLS,
    description: 'ownership (>= 25 %); other_control when nobody reaches 25 %; senior_manager when neither',
  })
  @IsIn(OWNER_CONTROLS)
  control!: OwnerControl;

  @ApiPropertyOptional({
    description: 'Share held, 0-100 with two decimals; required when control is ownership',
    minimum: 0,
    maximum: 100,
    multipleOf: 0.01,
    example: 60,
  })
  @ValidateIf((o: BeneficialOwnerDto, value: unknown) => value !== undefined || o.control === 'ownership')
  @IsDefined({ message: 'ownershipPercent is required when control is ownership' })
  @Validate(OwnershipPercentCheck)
  ownershipPercent?: number;
}

export class ApplicantDto {
  @ApiPropertyOptional({ description: 'Who fills in the application', maxLength: 100 })
  @OptionalNotNull()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({
    description:
      'false: the applicant acts for the legal representative and an authorization_letter is due. ' +
      'Left out (or no applicant), the applicant is taken to be the legal representative',
  })
  @OptionalNotNull()
  @IsBoolean()
  isLegalRepresentative?: boolean;
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

  @ApiPropertyOptional({
    type: [BeneficialOwnerDto],
    description:
      'Every natural person who owns or controls the business (required at submission); the new list, in which ' +
      'an owner already stored (same id) keeps the fields left out. ' +
      'Ids are unique and the ownership percentages sum to at most 100',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMinSize(MIN_BENEFICIAL_OWNERS)
  @ArrayMaxSize(MAX_BENEFICIAL_OWNERS)
  @Validate(OwnerListCheck)
  @ValidateNested({ each: true })
  @Type(() => BeneficialOwnerDto)
  beneficialOwners?: BeneficialOwnerDto[];

  @ApiPropertyOptional({ type: ApplicantDto })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => ApplicantDto)
  applicant?: ApplicantDto;
}
