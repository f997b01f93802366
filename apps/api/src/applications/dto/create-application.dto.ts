import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';

export class BusinessDto {
  @ApiProperty({ example: 'Fuzhou Example Trading Co., Ltd.', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  legalName!: string;

  @ApiPropertyOptional({ description: 'Unified social credit code (18 characters)', example: '91350100M000100Y43' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9A-Z]{18}$/, { message: 'uscc must be 18 upper-case letters or digits' })
  uscc?: string;

  @ApiPropertyOptional({ description: 'Merchant category code', example: '5411' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}$/, { message: 'mcc must be four digits' })
  mcc?: string;
}

export class CreateApplicationDto {
  @ApiProperty({ type: BusinessDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => BusinessDto)
  business!: BusinessDto;
}
