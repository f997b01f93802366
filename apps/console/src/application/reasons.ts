/**
 * The reason catalogue (codes with their default texts, and the targets a reason can name), from
 * the API in the console's language, so the console shows exactly the texts the API has.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Schemas } from '../api/client';

export type Catalogue = Schemas['ReasonCatalogueView'];

export function useCatalogue() {
  const { i18n } = useTranslation();
  return useQuery({
    queryKey: ['reasons', i18n.language],
    queryFn: async () => unwrap(await api.GET('/v1/reasons')),
    staleTime: Infinity,
  });
}

/** A code's text in the console's language (the code itself until the catalogue is in). */
export function useReasonTexts(): (code: string) => string {
  const catalogue = useCatalogue();
  return (code) => {
    const all = [...(catalogue.data?.resubmittable ?? []), ...(catalogue.data?.finalRejection ?? [])];
    return all.find((c) => c.code === code)?.text ?? code;
  };
}

/** What a reason may target (the domain's list, from the API), labelled in the console's language. */
export function useTargets(): readonly { readonly target: string; readonly label: string }[] {
  return useCatalogue().data?.targets ?? [];
}
