{{%AUTOESCAPE context="HTML"}}
{{!
  The frame of every reader page: header with the site name, search box and section nav,
  breadcrumbs, the page itself (the PAGE include: home, section, article, provenance or error.tpl,
  expanded with its own dictionary), and the footer. Variables are escaped by context;
  only variables set through SetSanitizedHtml() in views.cc may carry the :none modifier.
}}<!doctype html>
<html lang="{{LANG}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}}</title>
{{#DESCRIPTION}}<meta name="description" content="{{DESCRIPTION_TEXT}}">
{{/DESCRIPTION}}
{{#CANONICAL}}<link rel="canonical" href="{{CANONICAL_URL}}">
{{/CANONICAL}}
{{#NOINDEX}}<meta name="robots" content="noindex">
{{/NOINDEX}}
<meta name="color-scheme" content="light dark">
<link rel="stylesheet" href="{{CSS_URL}}">
<link rel="icon" href="{{FAVICON_URL}}" type="image/svg+xml">
{{#SCRIPT}}<script src="{{SCRIPT_URL}}" defer></script>
{{/SCRIPT}}</head>
<body class="{{BODY_CLASS}}{{THEME_CLASS}}">
<a class="skip-link" href="#content">Skip to content</a>
<header class="site-header">
  <div class="wrap site-header__bar">
    <a class="site-name" href="/">{{SITE_NAME}}</a>
    <form class="search" action="/search" method="get" role="search">
      <label class="visually-hidden" for="search-q">Search stories</label>
      <input id="search-q" class="search__input" type="search" name="q" value="{{SEARCH_QUERY}}" placeholder="Search stories">
      <button class="search__button" type="submit">Search</button>
    </form>
  </div>
{{#ACCOUNT}}
  <nav class="account-nav" aria-label="Account">
    <ul class="wrap account-nav__list">
      <li class="account-nav__who"><a href="/account/">{{ACCOUNT_EMAIL}}</a></li>
{{#ACCOUNT_LINK}}
      <li><a href="{{LINK_URL}}"{{#LINK_CURRENT}} aria-current="page"{{/LINK_CURRENT}}>{{LINK_TITLE}}</a></li>
{{/ACCOUNT_LINK}}
      <li><form class="account-nav__logout" method="post" action="/account/logout"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><button type="submit">Logout</button></form></li>
    </ul>
  </nav>
{{/ACCOUNT}}
{{#ANONYMOUS}}
  <nav class="account-nav" aria-label="Account">
    <ul class="wrap account-nav__list">
      <li><a href="/account/login">Log in</a></li>
      <li><a href="/account/signup">Sign up</a></li>
    </ul>
  </nav>
{{/ANONYMOUS}}
  <nav class="section-nav" aria-label="Sections">
    <ul class="wrap section-nav__list">
      <li><a href="/"{{#HOME_CURRENT}} aria-current="page"{{/HOME_CURRENT}}>Home</a></li>
{{#NAV_ITEM}}
      <li><a href="{{NAV_URL}}"{{#NAV_CURRENT}} aria-current="page"{{/NAV_CURRENT}}{{#NAV_ACTIVE}} class="is-active"{{/NAV_ACTIVE}}>{{NAV_TITLE}}</a></li>
{{/NAV_ITEM}}
    </ul>
  </nav>
</header>
{{#BREADCRUMBS}}
<nav class="wrap breadcrumbs" aria-label="Breadcrumb">
  <ol>
{{#CRUMB}}
    <li><a href="{{CRUMB_URL}}"{{#CRUMB_CURRENT}} aria-current="page"{{/CRUMB_CURRENT}}>{{CRUMB_TITLE}}</a></li>
{{/CRUMB}}
  </ol>
</nav>
{{/BREADCRUMBS}}
<main id="content" class="wrap">
{{>PAGE}}
</main>
<footer class="site-footer">
  <div class="wrap site-footer__inner">
    <p class="site-footer__name"><a href="/">{{SITE_NAME}}</a></p>
    <p>Stories arrive from wire agency feeds. Each story links to its provenance: the source, every version received, and the hashes that show whether its text was changed.</p>
  </div>
</footer>
</body>
</html>
