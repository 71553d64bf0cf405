{{%AUTOESCAPE context="HTML"}}
{{!
  One story, and its version history when it was updated or corrected (newest first). BODY_HTML
  and SUMMARY_HTML are sanitised at ingest and set through
  SetSanitizedHtml(); everything else is escaped. The summary toggle is a checkbox and its
  label, so More/Less works without JavaScript; short summaries get no toggle. "Full coverage"
  lists the other reports of the same event (its story cluster), each with its source, notice
  and provenance link.
}}
<article class="article"{{#LANGUAGE}} lang="{{LANGUAGE_TAG}}"{{/LANGUAGE}}>
  <header class="article__header">
    <p class="kicker"><a href="{{SECTION_URL}}">{{SECTION_TITLE}}</a></p>
    <h1 class="article__headline">{{HEADLINE}}</h1>
{{#STANDFIRST}}
    <div class="standfirst{{#STANDFIRST_LONG}} standfirst--long{{/STANDFIRST_LONG}}">
{{#STANDFIRST_LONG}}
      <input class="standfirst__toggle" type="checkbox" id="standfirst-toggle" aria-controls="standfirst-text">
{{/STANDFIRST_LONG}}
      <div class="standfirst__text" id="standfirst-text">{{SUMMARY_HTML:none}}</div>
{{#STANDFIRST_LONG}}
      <label class="standfirst__button" for="standfirst-toggle"><span class="standfirst__more">More</span><span class="standfirst__less">Less</span></label>
{{/STANDFIRST_LONG}}
    </div>
{{/STANDFIRST}}
    <div class="article__meta">
{{#BYLINE}}
      <p class="byline">{{BYLINE_TEXT}}</p>
{{/BYLINE}}
      <p class="dates">{{#DATELINE}}<span class="dateline">{{DATELINE_TEXT}}</span> <span aria-hidden="true">·</span> {{/DATELINE}}Published <time class="published" datetime="{{PUBLISHED_ISO}}">{{PUBLISHED_TEXT}}</time></p>
{{#UPDATED}}
      <p class="change change--update"><strong>Updated</strong> <time class="updated" datetime="{{UPDATED_ISO}}">{{UPDATED_TEXT}}</time></p>
{{/UPDATED}}
{{#CORRECTED}}
      <p class="change change--correction"><strong>Corrected</strong> <time class="updated" datetime="{{UPDATED_ISO}}">{{UPDATED_TEXT}}</time></p>
{{/CORRECTED}}
    </div>
  </header>
{{#METER}}
  <p class="notice meter" role="note">{{METER_TEXT}}</p>
{{/METER}}
{{#BODY}}
  <div class="article__body">
{{BODY_HTML:none}}
  </div>
{{/BODY}}
{{#PAYWALL}}
  <section class="paywall" aria-labelledby="paywall-heading">
    <h2 id="paywall-heading">This is a premium story</h2>
{{#PAYWALL_ANONYMOUS}}
    <p>Premium stories are for readers with an account. Log in or sign up to read a few premium stories free each month, or redeem a gift card for unlimited access.</p>
    <p><a class="button" href="/account/login?next={{ARTICLE_URL}}">Log in</a> <a class="button button--secondary" href="/account/signup">Sign up</a></p>
{{/PAYWALL_ANONYMOUS}}
{{#PAYWALL_SIGNED_IN}}
    <p>You have read this month's free premium stories. Redeem a gift card to read every premium story, or come back next month.</p>
    <p><a class="button" href="/account/giftcard">Redeem a gift card</a></p>
{{/PAYWALL_SIGNED_IN}}
  </section>
{{/PAYWALL}}
{{#ACTIONS}}
  <div class="article__actions">
    <form method="post" action="/account/saved">
      <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
      <input type="hidden" name="article_id" value="{{ARTICLE_ID}}">
      <input type="hidden" name="next" value="{{ARTICLE_URL}}">
{{#NOT_SAVED}}      <button class="button" type="submit" name="action" value="save">Save for later</button>{{/NOT_SAVED}}
{{#SAVED}}      <button class="button button--secondary" type="submit" name="action" value="remove">Saved · Remove</button>{{/SAVED}}
    </form>
    <a class="article__report" href="/account/feedback?article={{ARTICLE_ID}}">Report an error</a>
  </div>
{{/ACTIONS}}
{{#HISTORY}}
  <section class="version-history" aria-labelledby="version-history-heading">
    <h2 id="version-history-heading" class="version-history__heading">Version history</h2>
    <ol class="version-history__list" reversed>
{{#HISTORY_ENTRY}}
      <li class="version-history__entry version-history__entry--{{ENTRY_KIND}}"><time datetime="{{ENTRY_ISO}}">{{ENTRY_TEXT}}</time> <strong class="version-history__change">{{ENTRY_CHANGE}}</strong> <span class="version-history__headline">{{ENTRY_HEADLINE}}</span>{{#ENTRY_EDNOTE}}<p class="version-history__note">Note: {{EDNOTE_TEXT}}</p>{{/ENTRY_EDNOTE}}</li>
{{/HISTORY_ENTRY}}
    </ol>
  </section>
{{/HISTORY}}
{{#ALERTS_PROMPT}}
  <details class="alerts-prompt" open>
    <summary class="alerts-prompt__summary">Get alerts</summary>
    <p>Hear about news like this within seconds, on WhatsApp, by email or on your own webhook: follow companies, people, places and topics, and choose your channels and quiet hours.</p>
{{#ALERTS_SIGNED_IN}}    <p><a class="button" href="/account/watchlist">Follow in your watchlist</a> <a class="button button--secondary" href="/account/preferences">Choose alert channels</a></p>
{{/ALERTS_SIGNED_IN}}{{#ALERTS_ANONYMOUS}}    <p><a class="button" href="/account/signup">Sign up for alerts</a> <a class="button button--secondary" href="/account/login">Log in</a></p>
{{/ALERTS_ANONYMOUS}}  </details>
{{/ALERTS_PROMPT}}
  <footer class="article__footer">
{{#WIRE_NOTICE}}
    <p class="provenance-notice provenance-notice--wire">Published from a wire agency feed without modifications to the text.</p>
{{/WIRE_NOTICE}}
{{#EDITED_NOTICE}}
    <p class="provenance-notice provenance-notice--edited">Edited by the newsroom.</p>
{{/EDITED_NOTICE}}
    <p class="article__source">Source: {{SOURCE}}{{#RIGHTS}} <span aria-hidden="true">·</span> {{RIGHTS_TEXT}}{{/RIGHTS}}</p>
    <p class="article__provenance"><a href="{{PROVENANCE_URL}}">Provenance</a>: where this story came from, every version received, and its text hashes.</p>
  </footer>
</article>
{{#COVERAGE}}
<aside class="related coverage" aria-labelledby="coverage-heading">
  <h2 id="coverage-heading" class="related__heading">Full coverage</h2>
  <ul class="coverage__list">
{{#COVERAGE_ENTRY}}
    <li class="coverage__entry"><a class="coverage__headline" href="{{ENTRY_URL}}">{{ENTRY_HEADLINE}}</a> <span class="coverage__meta">{{ENTRY_SOURCE}} <span aria-hidden="true">·</span> <time datetime="{{ENTRY_ISO}}">{{ENTRY_TEXT}}</time>{{#ENTRY_VERSIONS}} <span aria-hidden="true">·</span> {{VERSION_COUNT}} versions{{/ENTRY_VERSIONS}}</span>{{#WIRE_NOTICE}}
      <span class="provenance-notice provenance-notice--wire">Published from a wire agency feed without modifications to the text.</span>{{/WIRE_NOTICE}}{{#EDITED_NOTICE}}
      <span class="provenance-notice provenance-notice--edited">Edited by the newsroom.</span>{{/EDITED_NOTICE}}
      <a class="coverage__provenance" href="{{ENTRY_PROVENANCE_URL}}">Provenance</a></li>
{{/COVERAGE_ENTRY}}
  </ul>
  <p class="coverage__all"><a href="{{COVERAGE_URL}}">Every report and its versions</a></p>
</aside>
{{/COVERAGE}}
{{#RELATED}}
<aside class="related" aria-labelledby="related-heading">
  <h2 id="related-heading" class="related__heading">Related stories</h2>
{{RELATED_STORIES:none}}
</aside>
{{/RELATED}}
{{#RECOMMENDED}}
<aside class="related recommended" aria-labelledby="recommended-heading">
  <h2 id="recommended-heading" class="related__heading">Recommended For You</h2>
{{RECOMMENDED_STORIES:none}}
</aside>
{{/RECOMMENDED}}
