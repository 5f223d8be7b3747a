"""Common English words and the words qcode itself prints: capitalised, they are not names."""

from __future__ import annotations

import functools

_WORDS = """
a able about above absolutely acc according accountability across act action actions actual
actually add added adviser advisor advisory after afterwards again against age agency ages ago
agree agreed ah ahead aim all allegation allegations allow allowed almost alone along already
alright also although always am among an analysis analyst and another answer any anybody anyone
anything anyway anywhere apart approach appropriate april are area areas around as aside ask
asked asking assessment assessments assume assurance at attention attribute attributes audit
august authority available aware away awful back bad based basic basically be bear became
because become been before began beginning behaviour behind being believe below besides best
better between big biggest bit black blue board bodies body born both bottom brief briefing
briefings bring britain british broad broken brought budget build building built bundle business
busy but buy by bye call called calls came campaign can cannot capability care case cases
caseworker cc certain certainly ch chair challenge challenged chance chances change changed
changes cheap cheers chf chief child children choice city clear clearly clerk close code coded
coder coders codes colleague colleagues college come comes coming command commander commissioner
common community complaint complaints completely compliance concern concerned concerns conduct
consider considered constable constables constabulary contents context control coordinator cost
costs could council country county couple course court create created crime crimes criminal
crosstalk culture current currently custody daily dame dark data date day days dc dcc dci deal
dear december decent decided decision decisions deep definitely definition department deputy
describe despite det detail details detective development di did died different difficult
digital direct direction director discrimination disproportionality diversity do document
documents does doing done double doubt down dr drive ds dsu during duty each early easier easily
easy effect effective effort eh eight either else emergency empty end engagement england english
enough ensure entire equal equalities equality equally er erm especially essential essentially
ethics european even event events ever every everybody everyone everything everywhere evidence
exact exactly example excellent except exclude exercise expect expected experience export
exported extra face faced facilitator fact failed fair fairly fairness family far fast fear
february feedback feel felt female few fewer fifteen fifty figure final finally find fine first
firstly fit five fix focus follow following for force forces fortunately forty forward found
foundation four frank frankly free frequent fresh friday from front frontline full funny further
future gave gender general generally generation get gets getting girl give given glad go goal
goes going gone good got governance great greater green grew ground group grouped groups grow
guess guidance guy guys had half happen happened happens happy hard hardly has hate have having
he head headquarters health hear heard heavy held hello help her here herself hi high higher
highly him himself his hmm hold home honest honestly hope hopefully host hour hours house how
however huge human i idea ideally ideas if imagine impact important improve in inaudible
incident incidents include inclusion increase indeed independent individual individuals
information initial initially inside insp inspection inspector inspectorate instead
interestingly internal interview interviewee interviewer interviews into investigation
investigations investigator is issue issues it its itself january job jobs join joint july june
just justice keep key kids kind kinds knew know knowledge known lack lady language large largely
last late later latest laughs laughter law lay lead leader leaders leadership learning least
leave led left legal legislation less lessons let level life light like likely likewise limited
line list listen little live lives living local long longer look looked looking lord lose loss
lost lot lots love low lower luckily madam made main make makes making male management manager
manner many march mark match matter maximum may maybe me mean means meant meanwhile measure
meeting meetings member members memo memos men middle might mind mine minister ministry minor
minute minutes misconduct miss mixed mm mmm moderator module moment monday money monitoring
month months more moreover morning most mostly move moved moving mr mrs ms much must my myself
name namely names national naturally nature near nearly necessary need needed needs
neighbourhood network never nevertheless new next nice nine no nobody noise none nonetheless
nope nor normal normally north not note notes notetaker nothing november now nowhere number
numbers objective obvious obviously occasionally october of off offer office officer officers
official often oh ok okay old older on once one ones only onto ooh open operation operational
opinion option options or order ordinary organisation original originally other others otherwise
our ours ourselves out outcome outcomes outside over overall own page pages paid panel paragraph
paragraphs pardon parent parents part participant participants particular particularly partly
partner partners partnership pass passages past patrol pause pay pc pcso peer people per
performance perhaps period person personal personally phone picture piece place places plain
plan plans please pleased plenty plus point pointed points police policing policy poor popular
position positive possible possibly power practical practice practices present pressure
presumably pretty previous previously price primary principal prior private probably problem
problems process prof professional programme proper properly protected proud provide pseudonym
pseudonymised pseudonyms public purpose put question questions quick quickly quiet quite quote
quotes race raise range rarely rate rather reach read ready real realistically reality really
reason recent recently record recorded recording records recruitment red redacted reference
references regard regarding regional regular relevant remember remove replaced report reported
reports require required research researcher respect respondent respondents response rest result
results return review reviews rich rid right rise risk road role roles room round rule rules run
running safe safeguarding safety said same saturday save saw say saying says school scottish
scrutiny search second secondly secretary security see seeing seek seem seemed seems seen
selection senior sense separate september sergeant sergeants serious seriously serve service
services set seven several sgt shall share she short should show shows side sign similar
similarly simple simply since single sir sit situation six size slightly small smaller so social
soft some somebody someone something sometimes somewhere soon sorry sort sound source south
space speak speaker speakers special specific spend spent spoke staff stage stand standard
standards start started state station statutory stay step steps still stop strategic strategy
strong stuff sub- sub-codes subject subsequently success such suddenly suggest summary summer
sunday superintendent supervisor supervisors support supposed supt sure surely survey system
systems table tactical take taken taker taking talk talked talking target task team teams
technology tell ten tend terms terrible test than thank thankfully thanks that the their theirs
them theme themes themselves then there therefore these they thing things think thinking third
thirdly thirty this those though thought thousand three through thursday thus till time times
tiny title to today together told tomorrow tonight too took top total touch tough towards track
training transcribed transcript trouble true truly trust try trying tuesday turn twelve twenty
two type typical uh uk ultimately um umm unable under understand understanding unfortunately
unique unit units unknown unless until up upon us use used using usual usually utc value various
version very victim victims view views vision volunteer wait walk want wanted was watch water
way we weak wednesday week weeks welfare well welsh went were what whatever when where whether
which while who whole whom whose why wide wider will winter wish with within without witness
woman women wonder word words work worked workforce working world worry worse worst worth would
write wrong yeah year years yep yes yesterday yet you young younger your yours yourself
yourselves
"""


@functools.cache
def common_words() -> frozenset[str]:
    """Lower-case common words (function words, sentence openers, police and report words)."""
    return frozenset(_WORDS.split())
