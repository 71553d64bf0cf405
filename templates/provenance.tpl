{{%AUTOESCAPE context="HTML"}}
{{! Where a story came from: its source, wire id, every version received, and the text hashes. }}
<article class="provenance">
  <header class="page-header">
    <p class="kicker">Provenance</p>
    <h1 class="page-header__title">{{HEADLINE}}</h1>
    <p><a href="{{ARTICLE_URL}}">Back to the story</a></p>
  </header>

  <section aria-labelledby="source-heading">
    <h2 id="source-heading">Source</h2>
    <dl class="facts">
      <div><dt>Source</dt><dd>{{SOURCE}}</dd></div>
      <div><dt>Source kind</dt><dd>{{SOURCE_KIND}}</dd></div>
      <div><dt>Wire id (guid)</dt><dd><code class="wire-id">{{GUID}}</code></dd></div>
{{#LINK}}
      <div><dt>Original</dt><dd><a class="wire-id" href="{{LINK_URL}}" rel="nofollow noopener">{{LINK_URL}}</a></dd></div>
{{/LINK}}
      <div><dt>First published</dt><dd><time datetime="{{PUBLISHED_ISO}}">{{PUBLISHED_TEXT}}</time></dd></div>
      <div><dt>Latest version received</dt><dd><time datetime="{{RECEIVED_ISO}}">{{RECEIVED_TEXT}}</time></dd></div>
    </dl>
  </section>

  <section aria-labelledby="text-heading">
    <h2 id="text-heading">Text</h2>
    <dl class="facts">
      <div><dt>Text hash as received (SHA-256)</dt><dd><code class="hash">{{RECEIVED_HASH}}</code></dd></div>
      <div><dt>Text hash as stored (SHA-256)</dt><dd><code class="hash">{{STORED_HASH}}</code></dd></div>
      <div><dt>Hashes match</dt><dd>{{#HASHES_MATCH}}<strong class="verdict verdict--match">Yes</strong>: the text as stored is the text the source sent.{{/HASHES_MATCH}}{{#HASHES_DIFFER}}<strong class="verdict verdict--differ">No</strong>: the text was changed after it was received.{{/HASHES_DIFFER}}{{#HASHES_UNKNOWN}}<strong class="verdict">Unknown</strong>: there is no hash to compare.{{/HASHES_UNKNOWN}}</dd></div>
    </dl>
{{#WIRE_NOTICE}}
    <p class="provenance-notice provenance-notice--wire">Published from a wire agency feed without modifications to the text.</p>
{{/WIRE_NOTICE}}
{{#EDITED_NOTICE}}
    <p class="provenance-notice provenance-notice--edited">Edited by the newsroom.</p>
{{/EDITED_NOTICE}}
  </section>

  <section aria-labelledby="versions-heading">
    <h2 id="versions-heading">Versions</h2>
    <div class="table-scroll" role="region" aria-labelledby="versions-heading" tabindex="0">
      <table class="versions">
        <thead>
          <tr><th scope="col">Rank</th><th scope="col">Change</th><th scope="col">Status</th><th scope="col">Received</th><th scope="col">Headline</th><th scope="col">Text hash</th></tr>
        </thead>
        <tbody>
{{#VERSION}}
          <tr><td class="num">{{RANK}}</td><td>{{CHANGE}}</td><td>{{STATUS}}</td><td><time datetime="{{RECEIVED_ISO}}">{{RECEIVED_TEXT}}</time></td><td>{{VERSION_HEADLINE}}</td><td><code class="hash">{{TEXT_HASH}}</code></td></tr>
{{/VERSION}}
        </tbody>
      </table>
    </div>
  </section>
</article>
