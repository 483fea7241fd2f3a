/** TypeScript and Python snippets side by side, for the experiments pages' empty states. */
export function SdkSnippets({ typescript, python }: { typescript: string; python: string }) {
  return (
    <div className="snippets">
      <figure>
        <figcaption>TypeScript</figcaption>
        <pre className="code">{typescript}</pre>
      </figure>
      <figure>
        <figcaption>Python</figcaption>
        <pre className="code">{python}</pre>
      </figure>
    </div>
  );
}
