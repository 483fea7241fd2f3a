/**
 * The submit flow shared by the login and setup forms: POST the credentials, keep the CSRF token
 * and the signed-in user, then go on; a known error code reads as a sentence, anything else as
 * the server's message.
 */
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiRequestError, apiFetch, setCsrfToken } from "../../api/api-fetch.js";
import type { Me } from "../../api/types.js";
import { ME_QUERY_KEY } from "../../app/auth-gate.js";
import { navigate } from "../../router/navigation.js";

/** Form state and a submit handler that signs in through `path` and navigates to `destination()`. */
export function useAuthSubmit({
  path,
  expectedError,
  fallbackError,
}: {
  path: string;
  /** The API error code the form expects, and the sentence to show for it. */
  expectedError: { code: string; message: string };
  fallbackError: string;
}) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent, body: unknown, destination: () => string) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await apiFetch<Me>(path, { method: "POST", body });
      setCsrfToken(me.csrf_token);
      queryClient.setQueryData(ME_QUERY_KEY, me);
      navigate(destination(), { replace: true });
    } catch (caught) {
      setError(
        caught instanceof ApiRequestError && caught.code === expectedError.code
          ? expectedError.message
          : caught instanceof Error
            ? caught.message
            : fallbackError,
      );
    } finally {
      setBusy(false);
    }
  };

  return { error, busy, submit };
}
