{{%AUTOESCAPE context="HTML"}}
{{!
  Every account page (web/account_pages.cc): log in, sign up, the account overview, Set
  Preferences, My Reads (history and saved), the watchlist and an entry's stories, feedback,
  gift-card redemption, and the editors' feedback inbox and gift-card minting. One section per
  page; every variable is escaped; every POST form carries the CSRF token.
}}
<div class="account">
<header class="page-header">
  <h1 class="page-header__title">{{PAGE_TITLE}}</h1>
</header>
{{#FLASH}}<p class="flash" role="status">{{FLASH_TEXT}}</p>{{/FLASH}}
{{#FORM_ERROR}}<p class="form-error" role="alert">{{ERROR_TEXT}}</p>{{/FORM_ERROR}}
{{#LOGIN}}
<form class="form" method="post" action="/account/login">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <input type="hidden" name="next" value="{{NEXT}}">
  <p class="field"><label for="login-email">Email</label><input id="login-email" type="email" name="email" autocomplete="username" required value="{{EMAIL}}"></p>
  <p class="field"><label for="login-password">Password</label><input id="login-password" type="password" name="password" autocomplete="current-password" required></p>
  <p><button class="button" type="submit">Log in</button></p>
</form>
<p>New here? <a href="/account/signup">Create an account</a>.</p>
{{/LOGIN}}
{{#SIGNUP}}
<form class="form" method="post" action="/account/signup">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <p class="field"><label for="signup-email">Email</label><input id="signup-email" type="email" name="email" autocomplete="username" required value="{{EMAIL}}"></p>
  <p class="field"><label for="signup-password">Password</label><input id="signup-password" type="password" name="password" autocomplete="new-password" minlength="8" required aria-describedby="signup-password-hint"></p>
  <p class="hint" id="signup-password-hint">At least 8 characters.</p>
  <p><button class="button" type="submit">Sign up</button></p>
</form>
<p>Have an account? <a href="/account/login">Log in</a>.</p>
{{/SIGNUP}}
{{#OVERVIEW}}
<dl class="facts">
  <dt>Email</dt><dd>{{EMAIL}}</dd>
  <dt>Premium</dt><dd>{{PREMIUM_TEXT}}</dd>
  <dt>Member since</dt><dd>{{CREATED_TEXT}}</dd>
</dl>
<h2>Change password</h2>
<form class="form" method="post" action="/account/password">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <p class="field"><label for="current-password">Current password</label><input id="current-password" type="password" name="current" autocomplete="current-password" required></p>
  <p class="field"><label for="new-password">New password</label><input id="new-password" type="password" name="password" autocomplete="new-password" minlength="8" required></p>
  <p><button class="button" type="submit">Change password</button></p>
</form>
<h2>Delete account</h2>
<p>This removes your account, preferences, reading history, saved stories, watchlist and feedback for good.</p>
<form class="form" method="post" action="/account/delete">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <p class="field"><label for="delete-password">Password</label><input id="delete-password" type="password" name="password" autocomplete="current-password" required></p>
  <p><button class="button button--danger" type="submit">Delete my account</button></p>
</form>
{{/OVERVIEW}}
{{#PREFERENCES}}
<form class="form" method="post" action="/account/preferences">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <fieldset>
    <legend>Sections on your home page</legend>
    <p class="hint">Ticked sections come first on your home page, and the others are hidden. Tick none to see them all.</p>
{{#SECTION_CHOICE}}
    <p class="choice"><input type="checkbox" id="pref-section-{{INDEX}}" name="sections" value="{{VALUE}}"{{#CHECKED}} checked{{/CHECKED}}><label for="pref-section-{{INDEX}}">{{TITLE}}</label></p>
{{/SECTION_CHOICE}}
  </fieldset>
  <p class="field"><label for="pref-topics">Topics of interest</label><input id="pref-topics" type="text" name="topics" value="{{TOPICS}}" aria-describedby="pref-topics-hint"></p>
  <p class="hint" id="pref-topics-hint">Separate topics with commas. Stories about them lead your latest stories.</p>
  <p class="field"><label for="pref-language">Language</label><input id="pref-language" type="text" name="language" value="{{LANGUAGE}}" autocomplete="language"></p>
  <fieldset>
    <legend>Theme</legend>
{{#THEME_CHOICE}}
    <p class="choice"><input type="radio" id="pref-theme-{{VALUE}}" name="theme" value="{{VALUE}}"{{#CHECKED}} checked{{/CHECKED}}><label for="pref-theme-{{VALUE}}">{{TITLE}}</label></p>
{{/THEME_CHOICE}}
  </fieldset>
  <fieldset>
    <legend>Alerts</legend>
    <p class="hint">When a story matches your watchlist, topics or sections, we tell you once on each channel you turn on. <a href="/account/alerts">See your recent alerts</a>.</p>
    <p class="choice"><input type="checkbox" id="pref-alert-email" name="alert_email" value="on"{{#ALERT_EMAIL_ON}} checked{{/ALERT_EMAIL_ON}}><label for="pref-alert-email">Email</label></p>
    <p class="choice"><input type="checkbox" id="pref-alert-web-push" name="alert_web_push" value="on"{{#ALERT_WEB_PUSH_ON}} checked{{/ALERT_WEB_PUSH_ON}}><label for="pref-alert-web-push">Browser notifications</label> <span class="hint">(<a href="/account/alerts">turn them on in each browser</a>)</span></p>
    <p class="choice"><input type="checkbox" id="pref-alert-breaking" name="alert_breaking" value="on"{{#ALERT_BREAKING_ON}} checked{{/ALERT_BREAKING_ON}}><label for="pref-alert-breaking">Also every breaking news story (flash and urgent wire stories)</label></p>
    <p class="field"><label for="pref-alert-whatsapp">WhatsApp number</label><input id="pref-alert-whatsapp" type="tel" name="alert_whatsapp" value="{{ALERT_WHATSAPP}}" autocomplete="tel" placeholder="+15551234567" aria-describedby="pref-alert-whatsapp-hint"></p>
    <p class="hint" id="pref-alert-whatsapp-hint">In international form. Entering it is your consent to alerts on WhatsApp; clear it to stop them.</p>
    <p class="field"><label for="pref-alert-webhook">Webhook URL</label><input id="pref-alert-webhook" type="url" name="alert_webhook" value="{{ALERT_WEBHOOK}}" placeholder="https://example.com/hook"></p>
  </fieldset>
  <fieldset>
    <legend>Quiet hours</legend>
    <p class="hint">Alerts wait until these hours end; none are lost. Leave both times empty for none.</p>
    <p class="field"><label for="pref-quiet-start">From</label><input id="pref-quiet-start" type="time" name="quiet_start" value="{{QUIET_START}}"></p>
    <p class="field"><label for="pref-quiet-end">Until</label><input id="pref-quiet-end" type="time" name="quiet_end" value="{{QUIET_END}}"></p>
    <p class="field"><label for="pref-quiet-tz">Time zone</label><input id="pref-quiet-tz" type="text" name="quiet_tz" value="{{QUIET_TZ}}" placeholder="Asia/Kolkata"></p>
  </fieldset>
  <p class="field"><label for="pref-digest">Email digest</label><select id="pref-digest" name="digest">
{{#DIGEST_CHOICE}}    <option value="{{VALUE}}"{{#CHECKED}} selected{{/CHECKED}}>{{TITLE}}</option>
{{/DIGEST_CHOICE}}  </select></p>
  <p class="choice"><input type="checkbox" id="pref-history" name="history" value="on"{{#HISTORY_ON}} checked{{/HISTORY_ON}}><label for="pref-history">Keep my reading history</label></p>
  <p><button class="button" type="submit">Save preferences</button></p>
</form>
{{/PREFERENCES}}
{{#READS}}
<nav class="tabs" aria-label="My Reads">
  <a href="/account/reads"{{#HISTORY_TAB}} aria-current="page"{{/HISTORY_TAB}}>History</a>
  <a href="/account/saved"{{#SAVED_TAB}} aria-current="page"{{/SAVED_TAB}}>Saved for later</a>
</nav>
{{#HISTORY_OFF}}<p class="notice" role="note">Your reading history is turned off in <a href="/account/preferences">your preferences</a>.</p>{{/HISTORY_OFF}}
{{/READS}}
{{#PUSH}}
<section class="push-optin" aria-labelledby="push-optin-title">
  <h2 class="push-optin__title" id="push-optin-title">Browser notifications</h2>
{{#PUSH_AVAILABLE}}  <form class="push-optin__form" method="post" action="/account/push-subscriptions" data-vapid-key="{{VAPID_KEY}}">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <p class="hint" data-push-status role="status">{{PUSH_STATUS}}</p>
    <noscript><p class="hint">Browser notifications need JavaScript: allow it for this site to get alerts in this browser. Email, WhatsApp and webhook alerts work without it.</p></noscript>
    <p><button class="button" type="submit" name="action" value="subscribe" data-push-subscribe disabled>Turn on browser notifications</button> <button class="button button--secondary" type="button" data-push-unsubscribe hidden>Turn off in this browser</button></p>
  </form>
{{/PUSH_AVAILABLE}}{{#PUSH_OFF}}  <p class="hint">Browser notifications are not available on this server.</p>
{{/PUSH_OFF}}</section>
{{/PUSH}}
{{#ALERT_LIST}}
<ol class="story-list">
{{#ALERT}}
  <li class="story">
{{#STORY}}    <h2 class="story__headline"><a href="{{URL}}">{{HEADLINE}}</a></h2>
{{/STORY}}{{#NO_STORY}}    <h2 class="story__headline">A story that is no longer available</h2>
{{/NO_STORY}}    <p class="story__meta">{{CHANNEL}} <span aria-hidden="true">·</span> {{STATE}} <span aria-hidden="true">·</span> <time datetime="{{WHEN_ISO}}">{{WHEN_TEXT}}</time></p>
    <p class="story__snippet">Because {{REASON}}.</p>
  </li>
{{/ALERT}}
</ol>
{{/ALERT_LIST}}
{{#LIST}}
<ol class="story-list">
{{#ITEM}}
  <li class="story">
    <h2 class="story__headline"><a href="{{URL}}">{{HEADLINE}}</a></h2>
    <p class="story__meta"><a class="story__section" href="{{SECTION_URL}}">{{SECTION_TITLE}}</a> <span aria-hidden="true">·</span> {{WHEN_LABEL}} <time datetime="{{WHEN_ISO}}">{{WHEN_TEXT}}</time></p>
{{#SNIPPET}}    <p class="story__snippet">{{SNIPPET_HTML:none}}</p>
{{/SNIPPET}}{{#REMOVE}}    <form method="post" action="/account/saved"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><input type="hidden" name="article_id" value="{{ID}}"><input type="hidden" name="next" value="/account/saved"><button class="button button--secondary" type="submit" name="action" value="remove">Remove<span class="visually-hidden"> {{HEADLINE}}</span></button></form>
{{/REMOVE}}  </li>
{{/ITEM}}
</ol>
{{/LIST}}
{{#EMPTY}}<p class="empty-state">{{EMPTY_TEXT}}</p>{{/EMPTY}}
{{#CLEAR_HISTORY}}
<form method="post" action="/account/reads/clear"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><button class="button button--secondary" type="submit">Clear history</button></form>
{{/CLEAR_HISTORY}}
{{#WATCHLIST}}
<form class="form form--inline" method="post" action="/account/watchlist">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <p class="field"><label for="watch-kind">Kind</label><select id="watch-kind" name="kind">
{{#KIND_CHOICE}}    <option value="{{VALUE}}">{{TITLE}}</option>
{{/KIND_CHOICE}}  </select></p>
  <p class="field"><label for="watch-value">Name, ticker or keyword</label><input id="watch-value" type="text" name="value" required maxlength="100"></p>
  <p><button class="button" type="submit">Follow</button></p>
</form>
{{#WATCH_ENTRIES}}
<ul class="watchlist">
{{#ENTRY}}
  <li class="watchlist__entry"><span class="watchlist__kind">{{KIND}}</span> <a href="/account/watchlist/{{ID}}">{{VALUE}}</a>
    <form method="post" action="/account/watchlist/{{ID}}/delete"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><button class="button button--secondary" type="submit">Unfollow<span class="visually-hidden"> {{VALUE}}</span></button></form></li>
{{/ENTRY}}
</ul>
{{/WATCH_ENTRIES}}
{{/WATCHLIST}}
{{#FEEDBACK}}
<form class="form" method="post" action="/account/feedback">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
{{#ABOUT_ARTICLE}}
  <input type="hidden" name="article_id" value="{{ARTICLE_ID}}">
  <p>About the story <a href="{{ARTICLE_URL}}">{{ARTICLE_HEADLINE}}</a>.</p>
{{/ABOUT_ARTICLE}}
  <p class="field"><label for="feedback-category">Category</label><select id="feedback-category" name="category">
{{#CATEGORY_CHOICE}}    <option value="{{VALUE}}"{{#CHECKED}} selected{{/CHECKED}}>{{TITLE}}</option>
{{/CATEGORY_CHOICE}}  </select></p>
  <p class="field"><label for="feedback-message">Message</label><textarea id="feedback-message" name="message" rows="6" required maxlength="5000"></textarea></p>
  <p><button class="button" type="submit">Send feedback</button></p>
</form>
{{/FEEDBACK}}
{{#GIFTCARD}}
<p>{{PREMIUM_TEXT}}</p>
<form class="form" method="post" action="/account/giftcard">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <p class="field"><label for="giftcard-code">Gift card code</label><input id="giftcard-code" type="text" name="code" required autocomplete="off" spellcheck="false" aria-describedby="giftcard-hint"></p>
  <p class="hint" id="giftcard-hint">For example 7K2Q-9XRD-M4TN-H8WZ. Case and hyphens do not matter.</p>
  <p><button class="button" type="submit">Redeem</button></p>
</form>
{{/GIFTCARD}}
{{#ADMIN_FEEDBACK}}
<nav class="tabs" aria-label="Feedback filter">
  <a href="/admin/feedback"{{#OPEN_TAB}} aria-current="page"{{/OPEN_TAB}}>Open</a>
  <a href="/admin/feedback?all=1"{{#ALL_TAB}} aria-current="page"{{/ALL_TAB}}>All</a>
</nav>
{{#FEEDBACK_ITEM}}
<article class="feedback-item">
  <h2 class="feedback-item__title">{{CATEGORY}} <span class="feedback-item__when">{{WHEN_TEXT}}</span></h2>
{{#FEEDBACK_ARTICLE}}  <p>About <a href="{{ARTICLE_URL}}">{{ARTICLE_HEADLINE}}</a></p>
{{/FEEDBACK_ARTICLE}}  <p class="feedback-item__message">{{MESSAGE}}</p>
{{#RESOLVED}}  <p class="feedback-item__state">Resolved {{RESOLVED_TEXT}}</p>{{/RESOLVED}}
{{#UNRESOLVED}}  <form method="post" action="/admin/feedback/{{ID}}/resolve"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><button class="button" type="submit">Mark resolved<span class="visually-hidden"> feedback {{ID}}</span></button></form>
{{/UNRESOLVED}}
</article>
{{/FEEDBACK_ITEM}}
{{/ADMIN_FEEDBACK}}
{{#ADMIN_GIFTCARDS}}
<form class="form form--inline" method="post" action="/admin/giftcards">
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  <p class="field"><label for="mint-days">Days of premium</label><input id="mint-days" type="number" name="days" min="1" max="3660" value="30" required></p>
  <p class="field"><label for="mint-count">Number of codes</label><input id="mint-count" type="number" name="count" min="1" max="1000" value="10" required></p>
  <p><button class="button" type="submit">Mint codes</button></p>
</form>
{{#CODES}}
<p>Copy these codes now: only their fingerprints are kept, so they cannot be shown again.</p>
<pre class="codes">{{#CODE}}{{CODE_TEXT}}
{{/CODE}}</pre>
{{/CODES}}
{{/ADMIN_GIFTCARDS}}
{{#ADMIN_ALERTS}}
<p>Alerts given up after their last try, newest first. Sending one again starts its tries afresh; an alert of a story killed since cannot be sent again.</p>
{{#DEAD_ALERT}}
<article class="feedback-item">
  <h2 class="feedback-item__title">{{CHANNEL}} to {{READER}} <span class="feedback-item__when">{{WHEN_TEXT}}</span></h2>
{{#DEAD_ARTICLE}}  <p>About <a href="{{ARTICLE_URL}}">{{ARTICLE_HEADLINE}}</a></p>
{{/DEAD_ARTICLE}}  <p class="feedback-item__message">{{ATTEMPTS}} tries; last answer: {{LAST_ERROR}}</p>
  <form method="post" action="/admin/alerts/{{ID}}/retry"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><button class="button" type="submit">Send again<span class="visually-hidden"> alert {{ID}}</span></button></form>
</article>
{{/DEAD_ALERT}}
{{/ADMIN_ALERTS}}
{{#UNSUBSCRIBE}}
{{#UNSUBSCRIBE_FORM}}
<p>Stop all alert e-mails and digests to {{EMAIL}}? Your other alert channels and your watchlist stay as they are.</p>
<form class="form" method="post" action="/account/unsubscribe?t={{TOKEN}}">
  <p><button class="button" type="submit">Stop alert e-mails</button></p>
</form>
{{/UNSUBSCRIBE_FORM}}
{{#UNSUBSCRIBED}}
<p>No more alert e-mails or digests will go to {{EMAIL}}. You can turn them on again in <a href="/account/preferences">Preferences</a>.</p>
{{/UNSUBSCRIBED}}
{{/UNSUBSCRIBE}}
</div>
