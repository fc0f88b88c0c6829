import { useQuery } from '@tanstack/react-query';
import { useClient } from '../../api/client-context';

export const templateKeys = { list: ['templates'] as const };

/** The templates (notes of the Templates topic) and each topic's default template. */
export function useTemplates(enabled = true) {
  const client = useClient();
  return useQuery({ queryKey: templateKeys.list, queryFn: () => client.call('templates.list', {}), enabled });
}
