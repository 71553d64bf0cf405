{{%AUTOESCAPE context="HTML"}}
{{! Full coverage of one event: every published report of it (its story cluster), from every source, oldest first, each with its provenance and version history. }}
<article class="coverage-page">
  <header class="page-header">
    <p class="kicker">Full coverage</p>
    <h1 class="page-header__title">{{HEADLINE}}</h1>
    <p>{{#ONE_REPORT}}One report{{/ONE_REPORT}}{{#REPORTS}}{{REPORT_COUNT}} reports{{/REPORTS}} of this story. <a href="{{ARTICLE_URL}}">Back to the story</a></p>
  </header>
  <ol class="coverage__reports">
{{#REPORT}}
    <li class="coverage__report">
      <h2 class="coverage__headline"><a href="{{ENTRY_URL}}">{{ENTRY_HEADLINE}}</a>{{#CURRENT}} <span class="coverage__current">(this story)</span>{{/CURRENT}}</h2>
      <p class="coverage__meta">{{ENTRY_SOURCE}} <span aria-hidden="true">·</span> <time datetime="{{ENTRY_ISO}}">{{ENTRY_TEXT}}</time> <span aria-hidden="true">·</span> <a href="{{ENTRY_PROVENANCE_URL}}">Provenance</a></p>
{{#WIRE_NOTICE}}
      <p class="provenance-notice provenance-notice--wire">Published from a wire agency feed without modifications to the text.</p>
{{/WIRE_NOTICE}}
{{#EDITED_NOTICE}}
      <p class="provenance-notice provenance-notice--edited">Edited by the newsroom.</p>
{{/EDITED_NOTICE}}
{{#HISTORY}}
      <ol class="version-history__list" reversed>
{{#HISTORY_ENTRY}}
        <li class="version-history__entry"><time datetime="{{VERSION_ISO}}">{{VERSION_TEXT}}</time> <strong class="version-history__change">{{VERSION_CHANGE}}</strong> <span class="version-history__headline">{{VERSION_HEADLINE}}</span></li>
{{/HISTORY_ENTRY}}
      </ol>
{{/HISTORY}}
    </li>
{{/REPORT}}
  </ol>
</article>
