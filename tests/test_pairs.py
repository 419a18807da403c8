"""Two short reports of one invented event, end to end (parse, frames, fitted linking, rules):
the verdict of the group that holds both sentences. Each pair isolates one thing a reader
expects: a figure, a date, a decision told two ways, or two facts that only look alike.

The pairs marked xfail are known weaknesses, kept here so that a change that fixes one shows
up (strict: an xfail that starts passing fails the run until its mark is removed)."""

import pytest

from kcheck.compare.cluster import group_claims
from kcheck.db import ClaimStore, open_db
from kcheck.ingest import ingest
from kcheck.nlp import DEFAULT_MODEL

pytestmark = pytest.mark.slow


def known(reason):
    return pytest.mark.xfail(reason=reason, strict=True)


TWO_CLAIMS = (
    "in a two-claim corpus every shared word is rare; what happened to the people counted is weighed"
    " by the scorer (counts_apart), no longer a definition: as one it cost .03 pair recall and .03 pair"
    " precision leave-one-out (see test_compare.py for the same counts in articles)"
)

PAIRS = [
    # the day someone said something is no date of the story: two statements, not one dated twice
    (
        "agree",
        "The water board said on Tuesday that the reservoir was half full.",
        "The water board said on Thursday that the reservoir was half full.",
    ),
    # an announcement is an act of its own: the day it was made is a fact of the story
    (
        "conflict",
        "The water board announced on Tuesday that the reservoir would close.",
        "The water board announced on Thursday that the reservoir would close.",
    ),
    # a count per span of time and a count of one day measure two things; two rates, one
    ("apart", "The library lends about 900 books a week.", "The library lent 640 books on Saturday."),
    ("conflict", "The library lends about 900 books a week.", "The library lends some 1,200 books a week."),
    # "no" before a noun denies that thing, not the act: the crew can be safe with no injuries
    (
        "agree",
        "No injuries were reported among the crew of the trawler.",
        "All 12 crew members of the trawler were reported safe.",
    ),
    (
        "conflict",
        "No charges were filed against the driver of the lorry.",
        "Charges were filed against the driver of the lorry on Monday.",
    ),
    # every length is converted to metres: kilometres and feet, centimetres and inches meet
    (
        "agree",
        "The weather balloon rose about 9 kilometres above the launch site.",
        "The weather balloon rose about 29,500 feet above the launch site.",
    ),
    (
        "conflict",
        "The weather balloon rose about 9 kilometres above the launch site.",
        "The weather balloon rose about 20,000 feet above the launch site.",
    ),
    (
        "agree",
        "Engineers found a 30-centimetre crack in the dam wall.",
        "Engineers found a 12-inch crack in the dam wall.",
    ),
    (
        "agree",
        "Winds gusted at 60 knots over the harbour on Sunday.",
        "Winds gusted at 111 km/h over the harbour on Sunday.",
    ),
    (
        "conflict",
        "Winds gusted at 60 knots over the harbour on Sunday.",
        "Winds gusted at 150 km/h over the harbour on Sunday.",
    ),
    (
        "agree",
        "The fire burned 5,000 acres of forest near Brask.",
        "The fire burned 2,000 hectares of forest near Brask.",
    ),
    # "cubic" and "square" make a volume and an area of a length
    ("agree", "The tanker spilled some 40 cubic metres of oil.", "The tanker spilled about 40,000 litres of oil."),
    ("conflict", "The tanker spilled some 40 cubic metres of oil.", "The tanker spilled about 90,000 litres of oil."),
    ("agree", "The fire burned about 12 square miles of forest.", "The fire burned some 3,100 hectares of forest."),
    # a unit written with its power sign is the same volume or area
    (
        "agree",
        "The quarry pumped some 30 m³ of slurry into the brook.",
        "The quarry pumped about 30,000 litres of slurry into the brook.",
    ),
    (
        "conflict",
        "The quarry pumped some 30 m3 of slurry into the brook.",
        "The quarry pumped about 75,000 litres of slurry into the brook.",
    ),
    ("agree", "The blaze destroyed 8 km² of heath near Olm.", "The blaze destroyed 800 hectares of heath near Olm."),
    # a temperature in Fahrenheit is converted, its zero too (104 °F is 40 °C)
    (
        "agree",
        "Temperatures in the valley reached 40 degrees Celsius on Monday.",
        "Temperatures in the valley reached 104 degrees Fahrenheit on Monday.",
    ),
    (
        "conflict",
        "Temperatures in the valley reached 40 degrees Celsius on Monday.",
        "Temperatures in the valley reached 95 degrees Fahrenheit on Monday.",
    ),
    # a 24-hour time before its zone, without a colon
    (
        "conflict",
        "The ferry terminal reopened at 0530 UTC on Friday, the port authority said.",
        "The ferry terminal reopened at 0815 UTC on Friday, the port authority said.",
    ),
    # two times in two zones may be one moment: linked, never compared
    (
        "agree",
        "The ferry terminal reopened at 0530 UTC on Friday, the port authority said.",
        "The ferry terminal reopened at 3:30 p.m. on Friday, the port authority said.",
    ),
    # one title word, two bodies: each title says what the other does not
    (
        "conflict",
        "County Fire Chief Rosa Vey said on Monday that the blaze was under control.",
        "City Fire Chief Rosa Vey said the blaze near Orlen had been contained.",
    ),
    # a title told in full once and in short once is one office
    (
        "agree",
        "Fire Chief Rosa Vey said on Monday that the blaze was under control.",
        "County Fire Chief Rosa Vey said the blaze near Orlen had been contained.",
    ),
    # the people of one nation are counted against the people of that nation
    (
        "conflict",
        "Twelve French tourists were hurt when the coach overturned.",
        "Fifteen French tourists were hurt when the coach overturned, police said.",
    ),
    # a span before an act: compared with a span before the same act
    (
        "conflict",
        "The engine failed, and 17 minutes later the ferry docked at Holm.",
        "The ferry docked at Holm 35 minutes later.",
    ),
    # "a day after" dates a count, it makes no rate
    ("conflict", "Rescuers freed 14 miners a day after the collapse.", "Rescuers freed 17 miners after the collapse."),
    # one figure, date or outcome differs: a conflict
    (
        "conflict",
        "The landslide killed 12 people in the village of Orto on Tuesday.",
        "The landslide killed 15 people in the village of Orto on Tuesday, police said.",
    ),
    (
        "conflict",
        "The new bridge over the Dren is 300 metres long.",
        "The new bridge over the Dren is 400 metres long.",
    ),
    (
        "conflict",
        "A court in Belm sentenced the banker to eight years in prison.",
        "The banker was sentenced to ten years in prison by a court in Belm.",
    ),
    (
        "conflict",
        "The museum reopened on 4 March after a two-year renovation.",
        "The museum reopened on 14 March after a two-year renovation.",
    ),
    (
        "conflict",
        "The hailstorm damaged 340 roofs in Vell on Sunday.",
        "The hailstorm damaged 410 roofs in Vell on Sunday.",
    ),
    (
        "conflict",
        "The strike at the Tarn steelworks began on Monday.",
        "The strike at the Tarn steelworks began on Thursday.",
    ),
    ("conflict", "Mayor Lina Varga approved the new parking fees.", "Mayor Lina Varga rejected the new parking fees."),
    # "lost their lives" counts the dead, as "were killed" does
    (
        "conflict",
        "Six walkers were killed when the footbridge in Marle collapsed.",
        "Four walkers lost their lives when the footbridge in Marle collapsed.",
    ),
    # "unaccounted for", "remain missing" and "were still missing" count the missing
    (
        "conflict",
        "At least nine skiers are unaccounted for on the slopes above Brel.",
        "Three skiers remain missing on the slopes above Brel.",
    ),
    (
        "conflict",
        "Five climbers were still missing on the glacier above Tarm.",
        "Eight climbers remain missing on the glacier above Tarm.",
    ),
    # "not since" a date denies the act after it, and says nothing of the act before it
    (
        "conflict",
        "The old pier at Varnes was last repaired in 2021.",
        "The old pier at Varnes had not been repaired since 2016.",
    ),
    (
        "agree",
        "The old pier at Varnes was last repaired in 2014.",
        "The old pier at Varnes had not been repaired since 2016.",
    ),
    # times of day: a hedge before the preposition ("shortly after 9:40") is the time's, and the
    # time still hangs on the verb; "shortly before midnight" ends at midnight, so 10:26 p.m. is out
    (
        "conflict",
        "The ferry left the harbour at about 9:10 a.m.",
        "The ferry left the harbour shortly after 9:40 a.m.",
    ),
    (
        "conflict",
        "The roof of the sports hall collapsed shortly before midnight on Sunday.",
        "The roof of the sports hall collapsed at 10:26 p.m. on Sunday.",
    ),
    # a person named in full in one source and by surname in the other is one argument
    pytest.param(
        "conflict",
        "The ferry's engineer, Tomas Brekke, 44, was arrested by harbour police on Friday.",
        "Harbour police said Brekke had not been arrested.",
        marks=known(
            "with the scorer refitted on 35 corpora the denial links with the arrest's date claim, judged on"
            " its date alone, before the clause (it passed with the scorer fitted on 32)"
        ),
    ),
    # "estimated at" and "put at" only say who counted: two counts of one audience
    (
        "conflict",
        "Stewards estimated the audience at about 3,000 before the encore.",
        "Police at the concert put the audience at 6,500.",
    ),
    # a word for any office holder is no second title: "official" is "commissioner" told loosely
    (
        "agree",
        "Ines Calder, the city's transport commissioner, said the tram line would reopen in May.",
        "Ines Calder, the city's most senior transport official, said the tram line would reopen in May.",
    ),
    (
        "conflict",
        "The jury convicted Ana Ruiz on four of seven charges.",
        "The jury convicted Ana Ruiz on three charges.",
    ),
    (
        "conflict",
        "Coach Ivo Marek is expected to leave the club at the end of the season.",
        "Ivo Marek denied on Sunday that he would leave the club at the end of the season.",
    ),
    # a title before a name in apposition is what the person is, as after the name
    (
        "conflict",
        "The museum director, Maria Lopez, said the doors were locked.",
        "The chief curator, Maria Lopez, said the doors were locked.",
    ),
    (
        "agree",
        "The museum director, Maria Lopez, said the doors were locked.",
        "Maria Lopez, the museum director, told reporters the doors were locked.",
    ),
    (
        "conflict",
        "The fire destroyed about 40 hectares of forest near Rusk.",
        "The fire destroyed more than 200 hectares of forest near Rusk.",
    ),
    (
        "conflict",
        "The train was travelling at 160 km/h when it derailed.",
        "The train was travelling at 60 mph when it derailed.",
    ),
    (
        "conflict",
        "The truck was carrying 12 metric tons of steel.",
        "The truck was carrying 14 tonnes of steel.",
    ),
    # one mass in pounds, tonnes and kilograms: converted before comparing
    (
        "agree",
        "The bakery recalled 4,400 pounds of flour on Monday.",
        "The bakery recalled about two tonnes of flour on Monday.",
    ),
    (
        "agree",
        "The truck was carrying 12 metric tons of steel.",
        "The truck was carrying 12,000 kilograms of steel.",
    ),
    # money in pence and in pounds; a distance in nautical miles and in kilometres
    (
        "agree",
        "The grocer Dorran will pay 275p a share for its rival.",
        "Dorran has agreed to pay £2.75 for every share in the smaller chain.",
    ),
    (
        "conflict",
        "The grocer Dorran will pay 275p a share for its rival.",
        "Dorran has agreed to pay £3.10 for every share in the smaller chain.",
    ),
    ("agree", "The trawler sank 12 nautical miles off Cape Brel.", "The trawler sank 22 kilometres off Cape Brel."),
    (
        "conflict",
        "The company said it would cut 1,200 jobs at its plant in Osk.",
        "The company said it would cut 800 jobs at its plant in Osk.",
    ),
    ("conflict", "Turnout in the referendum was 61 percent.", "Turnout in the referendum was 48 percent."),
    (
        "conflict",
        "The cargo ship was carrying 22 crew members when it ran aground.",
        "The cargo ship had 18 crew on board when it ran aground.",
    ),
    # an age in commas after a surname the tagger does not read as a person's, or after a noun for one
    ("conflict", "Vastel, 58, is a former pilot.", "Vastel, 61, a former airline pilot, spoke to reporters."),
    ("conflict", "The goalkeeper, 31, was sent off.", "The 34-year-old goalkeeper was sent off."),
    # "turned 33" is an age
    (
        "conflict",
        "Goalkeeper Lars Enqvist, who turned 33 in May, was sent off.",
        "Goalkeeper Lars Enqvist, 35, was sent off.",
    ),
    # the parse hangs a bare count on the auxiliary ("19 were trapped"): the verb still says what happened
    (
        "conflict",
        "Eleven hikers are stranded on the north ridge of Mount Ossa.",
        "Rescuers said 14 were stranded on the north ridge of Mount Ossa.",
    ),
    (
        "conflict",
        "Eleven climbers are stranded on the north ridge of Mount Ossa.",
        "Rescuers said 14 were stranded on the north ridge of Mount Ossa.",
    ),
    # people counted with a word that names no group, in claims that otherwise say the same
    ("conflict", "Five people were taken to the clinic in Varn.", "Eight people were taken to the clinic in Varn."),
    # a depth told as "below", "deep" or "a depth of"
    (
        "conflict",
        "The divers were working 40 metres below the surface.",
        "The divers were working at a depth of 70 metres.",
    ),
    # a fraction of a scale word: "half a dozen" is six
    ("conflict", "Half a dozen boats were damaged in the harbour.", "Ten boats were damaged in the harbour."),
    (
        "conflict",
        "Mia Holt, a surgeon at the clinic, said the ward was full.",
        "Mia Holt, a nurse at the clinic, said the ward was full.",
    ),
    # the same fact in other words, figures within their hedges or converted: an agreement
    # a part of a whole ("seven of its ten matches") counts what the whole counts
    ("agree", "The team won seven of its ten matches this season.", "The team won seven matches this season."),
    # and without "its": the parse hangs "seven of" on "ten", and ten is still only the whole
    (
        "agree",
        "The jury convicted Ana Ruiz on three of seven charges.",
        "On Friday a jury in Belm convicted Ana Ruiz on three charges.",
    ),
    # a passive that says how it is known ("are known to have been") counts what the verb after it says
    (
        "agree",
        "Thirty people are now known to have been evacuated from the tower block.",
        "Thirty people were evacuated from the tower block.",
    ),
    # an abbreviated unit with its full stop; a speed told with "doing"
    (
        "agree",
        "The crane toppled some 20 metres onto the road.",
        "The crane toppled a little over 20 m. onto the road.",
    ),
    ("agree", "The tram was travelling at 50 km/h on the bridge.", "The tram was doing 31 mph on the bridge."),
    # British and American spelling; one title a kind of the other
    (
        "agree",
        "Defense attorney Mia Holt said she would appeal the ruling.",
        "Defence counsel Mia Holt said she would appeal the ruling.",
    ),
    ("agree", "Half a dozen boats were damaged in the harbour.", "Six boats were damaged in the harbour."),
    ("agree", "About 2,000 fans attended the final in Kessa.", "Some 2,100 fans attended the final in Kessa."),
    (
        "agree",
        "The landslide killed 12 people in the village of Orto.",
        "Twelve people died when a landslide hit Orto.",
    ),
    (
        "agree",
        "The train was travelling at 160 km/h when it derailed.",
        "The train was going at about 100 mph when it derailed.",
    ),
    (
        "agree",
        "The strike at the Tarn steelworks began on Monday.",
        "Workers at the Tarn steelworks walked out on Monday.",
    ),
    (
        "agree",
        "Police arrested three men after the robbery in Sale Street.",
        "Three men were arrested by police after the Sale Street robbery.",
    ),
    # households and persons are two counts, whatever the verb; two counts of households clash
    (
        "apart",
        "The outage left 180,000 households without heating.",
        "Some 5,200 residents left the valley on foot as the river rose.",
    ),
    (
        "conflict",
        "The outage left 180,000 households in the valley without heating.",
        "The outage left 18,000 households in the valley without heating.",
    ),
    # a toll dated by the subject's own year is another event's; the same value may be one fact
    (
        "apart",
        "The blaze killed two workers at the mill overnight.",
        "The first fire at the mill, in 1996, killed nineteen workers.",
    ),
    pytest.param(
        "agree",
        "The museum reopened on 4 March.",
        "The museum opened its doors again on 4 March.",
        marks=known("an idiom for the act ('opened its doors again') shares no blocking key with the verb"),
    ),
    # two facts that look alike: neither agreement nor conflict
    pytest.param(
        "apart",
        "The storm cut power to 30,000 homes in Nerin.",
        "The storm damaged 300 homes in Nerin.",
        marks=known("in a two-claim corpus every shared word is rare, and similarity outweighs the different acts"),
    ),
    pytest.param(
        "apart",
        "Forty people were waiting on the platform.",
        "Three hundred people were marching in the square.",
        marks=known(TWO_CLAIMS),
    ),
    # the people there and what happened to some of them
    pytest.param(
        "apart",
        "The bus was carrying 40 passengers when it crashed.",
        "Six passengers were injured when the bus crashed.",
        marks=known(TWO_CLAIMS),
    ),
    pytest.param(
        "apart",
        "The minister visited the flooded town of Aro on Friday.",
        "The minister visited a school in Aro in 2019.",
        marks=known("a weekday and a year are not compared, so two visits read as one"),
    ),
    pytest.param(
        "apart",
        "The council approved the budget in May.",
        "The council approved the new stadium plan in September.",
        marks=known("one act on two different objects is linked, and the two months read as a date conflict"),
    ),
]


def verdict_of(tmp_path, first: str, second: str) -> str:
    for name, sentence in (("first", first), ("second", second)):
        (tmp_path / f"{name}.txt").write_text(f"News in brief\n\n{sentence}\n", encoding="utf-8")
    store = ClaimStore(open_db(tmp_path / "pair.db"))
    ingest([str(tmp_path / "first.txt"), str(tmp_path / "second.txt")], store, model=DEFAULT_MODEL)
    groups = group_claims(store.frames_for_grouping(), store.sources_for_comparison(), vectors=store.vectors())
    verdicts = {
        g.verdict
        for g in groups
        if {c.source for c in g.claims} == {"first", "second"}
        # a whole sentence, a long part of one, a figure (an age is its own claim) or a date: not a
        # short phrase
        and any(c.quote in (first, second) or len(c.quote) > 25 or c.kind in {"figure", "date"} for c in g.claims)
    }
    return "conflict" if "conflict" in verdicts else "agree" if "agree" in verdicts else "apart"


@pytest.mark.parametrize("expected,first,second", PAIRS)
def test_pair(tmp_path, nlp, expected, first, second):
    assert verdict_of(tmp_path, first, second) == expected


def test_the_people_of_one_nation_are_a_part_of_all_the_people(tmp_path, nlp):
    # 250 of the 6,000 stranded were Danish: two counts, no clash
    first = "The blizzard stranded more than 6,000 hikers in the mountains."
    assert (
        verdict_of(tmp_path, first, "About 250 Danish hikers were stranded in the mountains by the blizzard.")
        != "conflict"
    )


def test_a_temperature_written_with_its_scale_letter_is_converted(tmp_path, nlp):
    first = "Temperatures in the valley reached 40C on Monday."
    assert verdict_of(tmp_path, first, "Temperatures in the valley reached 104F on Monday.") != "conflict"


def test_spans_before_two_different_acts_are_no_clash(tmp_path, nlp):
    # "17 minutes later" and "three days later" time two acts, a docking and a reopening
    first = "The engine failed, and 17 minutes later the ferry docked at Holm."
    assert verdict_of(tmp_path, first, "Three days later the harbour at Holm reopened.") != "conflict"


def test_a_time_before_midnight_meets_a_range_that_ends_at_midnight(tmp_path, nlp):
    first = "The roof of the sports hall collapsed shortly before midnight on Sunday."
    assert verdict_of(tmp_path, first, "The roof of the sports hall collapsed at 11:53 p.m. on Sunday.") != "conflict"


def test_a_time_in_a_named_zone_is_never_set_against_local_time(tmp_path, nlp):
    # 21:17 UTC may be 1:17 a.m. where the train arrived: kcheck does not know the offset
    first, second = "The train from Oslo arrived at 1:17 a.m. local time.", "The train from Oslo arrived at 21:17 UTC."
    assert verdict_of(tmp_path, first, second) != "conflict"
    # two times in one named zone are compared
    assert verdict_of(tmp_path, "The train from Oslo arrived at 22:17 UTC.", second) == "conflict"


def groups_of(tmp_path, first: str, second: str):
    for name, sentence in (("first", first), ("second", second)):
        (tmp_path / f"{name}.txt").write_text(f"News in brief\n\n{sentence}\n", encoding="utf-8")
    store = ClaimStore(open_db(tmp_path / "pair.db"))
    ingest([str(tmp_path / "first.txt"), str(tmp_path / "second.txt")], store, model=DEFAULT_MODEL)
    return group_claims(store.frames_for_grouping(), store.sources_for_comparison(), vectors=store.vectors())


def test_a_day_and_a_toll_told_in_one_clause_clash_in_two_groups(tmp_path, nlp):
    # the day is its own claim, the toll its figure's: each clash is reported once, in its own group
    groups = groups_of(
        tmp_path,
        "A landslide buried the lower part of the mountain village of Orto early on Tuesday, killing 12 people.",
        "A landslide buried the lower part of the mountain village of Orto early on Wednesday, killing 15 people.",
    )
    slots = sorted(
        (c.slot, tuple(sorted(x.kind for x in g.claims)))
        for g in groups
        if g.verdict == "conflict"
        for c in g.conflicts
    )
    assert slots == [("date", ("date", "date")), ("number", ("figure", "figure"))]
    conflict = next(g for g in groups if g.verdict == "conflict" and g.conflicts[0].slot == "date")
    assert conflict.conflicts[0].measure == "when: bury (A landslide)"  # what the two days date
    # the clauses that hold the days are not set against each other, and say where they were
    clauses = next(g for g in groups if [c.kind for c in g.claims] == ["clause", "clause"])
    assert clauses.verdict != "conflict"
    assert (
        clauses.notes[-1]
        == "the dates these claims give ('on Tuesday', 'on Wednesday') are compared in their own date claims"
    )
