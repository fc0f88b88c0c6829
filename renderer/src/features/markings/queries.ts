import { useQuery } from '@tanstack/react-query';
import { useClient } from '../../api/client-context';

/** Query keys of the markings feature. */
export const markingKeys = {
  scheme: ['markings', 'scheme'] as const,
  log: ['markings', 'log'] as const,
};

/** The notebook's marking scheme (levels in order, colours, shareable, default, confirmation level). */
export function useScheme() {
  const client = useClient();
  return useQuery({ queryKey: markingKeys.scheme, queryFn: () => client.call('markings.scheme', {}) });
}
