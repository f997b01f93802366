/**
 * The spec describes requests as the validators judge them: every class-validator rule on a DTO
 * property the spec documents (lengths, patterns, bounds, enums, array sizes, formats) is written
 * into that property's schema when the document is built, so the spec cannot omit a constraint a
 * DTO enforces. Rules that tie fields together (a decision's required parts, an ID number that
 * must pass the resident-ID check) are stated next to the DTO with `ApiSchemaRefinement`.
 */
import type { INestApplication } from '@nestjs/common';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';

/** What the swagger decorators store per property (@nestjs/swagger's DECORATORS.API_MODEL_PROPERTIES). */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

/** The names our own @ValidatorConstraint classes register, as the spec's (custom) formats. */
const CUSTOM_FORMATS: Readonly<Record<string, string>> = {
  uscc: 'uscc',
  idNumber: 'id-number',
  calendarDate: 'date',
  dateTime: 'date-time',
};

interface ValidationMetadataLike {
  readonly propertyName: string;
  readonly name?: string;
  readonly type: string;
  readonly each?: boolean;
  readonly constraints?: readonly unknown[];
  readonly constraintCls?: unknown;
}
interface MetadataStorageLike {
  readonly validationMetadatas: Map<unknown, ValidationMetadataLike[]>;
  readonly constraintMetadatas: Map<unknown, { name?: string }[]>;
}

type Keywords = Record<string, unknown>;

/** The schema keywords one rule implies: for the property itself, or (each: true) for its items. */
function keywordsFor(rule: ValidationMetadataLike, storage: MetadataStorageLike): Keywords {
  const [first, second] = rule.constraints ?? [];
  switch (rule.name ?? '') {
    case 'isLength':
      return { minLength: first, ...(typeof second === 'number' ? { maxLength: second } : {}) };
    case 'minLength':
      return { minLength: first };
    case 'maxLength':
      return { maxLength: first };
    case 'matches':
      return first instanceof RegExp ? { pattern: first.source } : { pattern: first };
    case 'min':
      return { minimum: first };
    case 'max':
      return { maximum: first };
    case 'isInt':
      return { type: 'integer' };
    case 'isIn':
      return { enum: [...(first as unknown[])] };
    case 'arrayMinSize':
      return { minItems: first };
    case 'arrayMaxSize':
      return { maxItems: first };
    case 'arrayUnique':
      return { uniqueItems: true };
    case 'isEmail':
      return { format: 'email' };
    case 'isUrl': {
      const protocols = (first as { protocols?: string[] } | undefined)?.protocols;
      return { format: 'uri', ...(protocols ? { pattern: `^(${protocols.join('|')})://` } : {}) };
    }
    case 'isIso8601':
      return { format: 'date-time' };
    case 'isUuid':
      return { format: 'uuid' };
    default: {
      const custom = storage.constraintMetadatas.get(rule.constraintCls)?.[0]?.name;
      const format = custom === undefined ? undefined : CUSTOM_FORMATS[custom];
      return format === undefined ? {} : { format };
    }
  }
}

/** Writes every validator rule into the swagger metadata of the properties the spec documents. */
export function documentValidationRules(): void {
  const storage = getMetadataStorage() as unknown as MetadataStorageLike;
  for (const [target, rules] of storage.validationMetadatas) {
    if (typeof target !== 'function') continue;
    const prototype = (target as { prototype: object }).prototype;
    const byProperty = new Map<string, ValidationMetadataLike[]>();
    for (const rule of rules) byProperty.set(rule.propertyName, [...(byProperty.get(rule.propertyName) ?? []), rule]);
    for (const [property, propertyRules] of byProperty) {
      const documented = Reflect.getMetadata(API_MODEL_PROPERTIES, prototype, property) as Keywords | undefined;
      if (documented === undefined) continue;
      const own: Keywords = {};
      const items: Keywords = {};
      for (const rule of propertyRules) Object.assign(rule.each ? items : own, keywordsFor(rule, storage));
      const merged: Keywords = { ...documented, ...own };
      // Rules on each element describe the items (swagger keeps an array's enum there too).
      if (Object.keys(items).length > 0) {
        merged.items = { ...(documented.items ?? {}), ...items };
      }
      Reflect.defineMetadata(API_MODEL_PROPERTIES, merged, prototype, property);
    }
  }
}

const refinements = new Map<string, Keywords>();

/**
 * JSON Schema keywords the property decorators cannot state, added to this DTO's component schema
 * (e.g. `oneOf` variants for fields that are required only with another field's value).
 */
export function ApiSchemaRefinement(keywords: Keywords): ClassDecorator {
  return (target) => {
    refinements.set(target.name, keywords);
  };
}

function refineSchemas(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Keywords>;
  for (const [name, keywords] of refinements) {
    if (schemas[name] !== undefined) Object.assign(schemas[name], keywords);
  }
}

/** SwaggerModule.createDocument, with the validators' rules written into the schemas. */
export function createApiDocument(app: INestApplication, config: Omit<OpenAPIObject, 'paths'>): OpenAPIObject {
  documentValidationRules();
  const document = SwaggerModule.createDocument(app, config);
  refineSchemas(document);
  return document;
}
