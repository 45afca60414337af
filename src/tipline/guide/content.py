"""The guide's text: one fixed list of sections, translated through the source interface's domain.

Every reader gets the same words in their language; nothing here depends on who prints or reads
the guide. The onion address is added by the renderers and is the guide's only variable.
Wording: short sentences, one instruction each (docs/glossary.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Gettext = Callable[[str], str]


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    points: tuple[str, ...] = ()
    closing: tuple[str, ...] = ()


@dataclass(frozen=True)
class GuideText:
    title: str
    intro: str
    address_label: str
    address_help: str
    sections: tuple[Section, ...]
    card_title: str
    card_steps: tuple[str, str, str]
    card_warning: str
    card_link: str
    guide_link: str
    home_link: str


def guide_text(_: Gettext) -> GuideText:
    """The guide in the language of `_` (a gettext of the source domain)."""
    return GuideText(
        title=_("How to reach the tip line safely"),
        intro=_(
            "This guide shows how to send news to the newsroom without anyone knowing. Read it all before you start."
        ),
        address_label=_("The tip line's address (open it only in Tor Browser):"),
        address_help=_(
            "Scan the square code with a camera, copy the address it shows and paste it into Tor Browser's "
            "address bar. Never open it in any other browser."
        ),
        sections=(
            Section(
                _("1. Use a phone that nobody searches"),
                points=(
                    _(
                        "Do not use a phone or computer from your workplace, "
                        "or one that someone else checks or carries."
                    ),
                    _(
                        "If nobody searches your own phone, use it. "
                        "If someone does, use a phone that only you know about."
                    ),
                    _("Do this where nobody can see your screen."),
                ),
            ),
            Section(
                _("2. Get Tor Browser"),
                paragraphs=(
                    _(
                        "Tor Browser hides where you are and what you read. Get it only from the Tor Project: never a "
                        "copy from someone else or from an unknown site."
                    ),
                ),
                points=(
                    _('Android phone: "Tor Browser" by The Tor Project, in Google Play or F-Droid.'),
                    _('iPhone: "Onion Browser", in the App Store.'),
                    _("Computer: torproject.org/download"),
                    _(
                        "If that site is blocked: the Tor Project's own copies at "
                        "github.com/TheTorProject/gettorbrowser"
                    ),
                    _(
                        "By e-mail: write to gettor@torproject.org with only one word in the message: android, "
                        "windows, macos or linux. An answer comes back with links to download it."
                    ),
                ),
                closing=(_("Use an e-mail address that is not in your name."),),
            ),
            Section(
                _("3. If Tor is blocked (as in Russia or China)"),
                paragraphs=(
                    _(
                        "Start Tor Browser. When it asks how to connect, choose to use a bridge. A bridge is a hidden "
                        "way into Tor."
                    ),
                ),
                points=(
                    _("Snowflake: built into Tor Browser. Choose it first."),
                    _("WebTunnel: looks like ordinary traffic. Try it when Snowflake does not connect."),
                    _("obfs4: ask for these too. Many are blocked, so try new ones."),
                ),
                closing=(
                    _(
                        "To get WebTunnel or obfs4 bridges: ask for one inside Tor Browser's connection settings; or "
                        "send an e-mail from a Gmail or Riseup address to bridges@torproject.org; or write to "
                        "@GetBridgesBot on Telegram."
                    ),
                    _("Paste the bridge lines you receive into Tor Browser's connection settings, then connect."),
                ),
            ),
            Section(
                _("4. Before you open the address"),
                points=(
                    _('Set Tor Browser\'s security level to "Safest".'),
                    _(
                        "Then open the address above. "
                        "The tip line gives you a codename: a few words that only you know."
                    ),
                    _(
                        "Learn the codename by heart. Never write it down, photograph it or save it anywhere. It is "
                        "the only way to read the newsroom's replies."
                    ),
                    _(
                        "The tip line also offers a second, safety codename. If anyone ever makes you log in while "
                        "they watch, type that one instead: it opens an empty page, and the newsroom learns that "
                        "someone was watching. Take it only if you can learn both by heart."
                    ),
                    _(
                        "The newsroom cannot see who you are. We never ask for your name, and nobody from the "
                        "newsroom will ever ask for your codename."
                    ),
                ),
            ),
            Section(
                _("5. Afterwards: leave nothing to find"),
                points=(
                    _("Close Tor Browser when you finish: then nothing of what you did stays in it."),
                    _("Delete the e-mails and messages from GetTor and from the bridge services."),
                    _(
                        "If your phone can be searched, delete or hide Tor Browser after each use. Having it can "
                        "be enough to raise questions."
                    ),
                    _("Do not keep this guide. Once you have reached the tip line, tear up or burn the paper."),
                ),
            ),
        ),
        card_title=_("Tip line"),
        card_steps=(
            _("Get Tor Browser from the Tor Project: torproject.org, or e-mail gettor@torproject.org."),
            _("If Tor is blocked, choose a bridge: Snowflake first."),
            _("Open the address only in Tor Browser. Learn the codename by heart; never write it down."),
        ),
        card_warning=_("Destroy this card once you have used it."),
        card_link=_("A wallet-size card with the code, to print"),
        guide_link=_("The whole guide"),
        home_link=_("Back to the tip line"),
    )
