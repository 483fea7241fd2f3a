/**
 * A mutation through {@link apiFetch} that refreshes the given paths' queries when it succeeds.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useSession } from "../app/session-context.js";
import { type ApiFetchOptions, apiFetch } from "./api-fetch.js";

export function useApiMutation<TVars, TResult = unknown>(
  request: (vars: TVars) => { path: string } & ApiFetchOptions,
  invalidate: string[],
) {
  const queryClient = useQueryClient();
  const { project } = useSession();
  return useMutation<TResult, Error, TVars>({
    mutationFn: (vars) => {
      const { path, ...options } = request(vars);
      return apiFetch<TResult>(path, options);
    },
    onSuccess: () =>
      Promise.all(
        invalidate.map((path) =>
          queryClient.invalidateQueries({
            predicate: (query) =>
              query.queryKey[0] === project.id &&
              typeof query.queryKey[1] === "string" &&
              query.queryKey[1].startsWith(path),
          }),
        ),
      ),
  });
}
