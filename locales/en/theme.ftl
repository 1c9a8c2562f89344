# UI strings of the default theme "brochure" (English).
# Must define exactly the same message ids as locales/zh/theme.ftl.
# Numbers are passed as numbers, so plurals select on them.

## Header and navigation

meta-description-default = An introduction to Chinese-foreign cooperative education at the University of Shanghai for Science and Technology: partners, programs, history and goals.
skip-to-content = Skip to main content
nav-main = Main navigation
nav-home = Home
language-switcher = Choose a language
switcher-untranslated = (this page has no version in this language; the link opens that language’s home page)
# Above a page that has no English version yet, shown in the text of $language (its name in itself)
fallback-notice = This page has not been translated into English yet; it is shown in its original language ({ $language }).
breadcrumb = Breadcrumb
toc = On this page
prevnext = Previous and next pages
previous = Previous
next = Next

## Page information

published = Published { $date }
reading-time =
    { $count ->
        [one] One-minute read
       *[other] { $count }-minute read
    }
pages-in-section = In this section
subsections = Subsections
explore-sections = Explore the sections

## Charts and data

key-figures = Key figures
# $label: what is counted; $value: the number; $unit: how many one icon stands for
figure-chart-title = { $label }: { $value } (each icon represents { $unit })
figure-unit-legend = Each icon represents { $unit }
founding-partners = Founding partners
partners-total =
    { $count ->
        [one] One foreign partner university in total
       *[other] { $count } foreign partner universities in total
    }
timeline = Timeline
# $first, $last: years, passed as text so they get no digit grouping; $count: number of milestones
timeline-chart-title =
    { $count ->
        [one] Timeline: one milestone, { $first }
       *[other] Timeline: { $count } milestones from { $first } to { $last }
    }
timeline-gap =
    { $count ->
        [one] { $count } year
       *[other] { $count } years
    }
goals-heading = Goals at a glance
goal-chart-title = { $fraction } { $label }

## Footer

back-to-top = Back to top

## 404 page

notfound-title = Page not found
notfound-text = Sorry, the page you are looking for does not exist or has been moved.
notfound-home = Go to the home page
notfound-sections = You may find what you need in these sections

## Bilingual landing page

landing-enter = Enter the English site

## Print edition (public/print/brochure.*.html)

print-subtitle = An Introduction
# The edition's name on the cover and in the title of a one-language edition
print-edition = English edition
print-edition-bilingual = Chinese–English edition
print-toc = Contents
# A number in the data charts, grouped as the language writes numbers
print-figure-value = { $value }
# After a link to another chapter, the print edition adds its page: prefix, page number, suffix
print-page-ref-before = {" "}(p.{" "}
print-page-ref-after = )

## Default site copy revision (copy)

# A number on a key-figure card of the site, grouped as English writes it (2,664, as in the text)
figure-value = { $value }

## Identity, mobile menu and print editions (issue 11: chrome)

nav-menu = Menu
# The link to identity.parent_url, in the header and the footer
main-site = Main site
contact-phone = Tel.
contact-email = Email
editions-title = The brochure to print or download
# The edition of this page's language
edition-own = English edition
edition-bilingual = Chinese–English edition
# Two languages side by side, in a site of three or more; $first and $second are language names
edition-pair = { $first } – { $second }, side by side
edition-html = Web page (one file)

# dates, feeds and share cards (issue 12)
updated-on = Updated { $date }
pager-label = Pages
pager-previous = Previous
pager-next = Next
pager-status = Page { $current } of { $total }

# ---- Print back cover (issue 11, point 3: PDFs a print shop accepts) ----
# Alternative text of the back cover's QR code
print-back-qr = QR code of the website: { $url }
# Under the QR code
print-back-scan = Scan to visit the website
# The edition's date: the year as text, the month as a number
print-back-date = { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
} { $year }
# Labels of the back cover's contact
print-contact-address = Address
print-contact-phone = Phone
print-contact-email = Email
print-contact-url = Web

# ---- Search (issue 14) ----
search-label = Search this site
search-placeholder = Search
search-results = Search results
# How many pages match; # stands for the number
search-count-one = # page found
search-count-other = # pages found
search-no-results = No results. Try other words or fewer of them.
search-error = Search is not available right now.
