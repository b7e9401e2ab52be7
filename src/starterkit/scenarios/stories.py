"""Work domains the scenarios draw from: the organisations, the business metric, the teams,
and the real problems practitioners bring, each with the pattern a session extracts from it.

Every domain has twelve cases, enough for one network's 90-day cycle. The figures in a
charter (baseline and target) are filled into the domain's wording by the network plan.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Story:
    """One real work problem, the pattern it produced and where the pattern applies next."""

    problem: str
    pattern: str
    applies_next: str


@dataclass(frozen=True)
class Domain:
    key: str
    #: (organisation name, email domain) pairs.
    organizations: tuple[tuple[str, str], ...]
    network_names: tuple[str, ...]
    #: The name a network without a business purpose tends to give itself.
    community_name: str
    capability: str
    business_priority: str
    metric: str
    unit: str
    direction: str
    baseline: float
    target: float
    #: Networks of one domain start from slightly different baselines, in steps of this.
    baseline_step: float
    decimals: int
    #: Charter wording with {baseline} and {target} to fill in.
    purpose: str
    success_measures: str
    boundaries: str
    session_output: str
    #: Who the practitioners are, in a sentence: "field engineers".
    practitioners: str
    sponsor_team: str
    steward_team: str
    data_team: str
    sme_team: str
    #: Region key -> the practitioners' home teams there.
    teams: dict[str, tuple[str, ...]]
    stories: tuple[Story, ...]


FIELD_SERVICE = Domain(
    key="field-service",
    organizations=(
        ("Northwind Metering Services", "northwind-metering.example"),
        ("Calder Field Services", "calderfield.example"),
        ("Brightwater Utilities Group", "brightwater.example"),
    ),
    network_names=("Field Repair Network", "First-Visit Fix Network"),
    community_name="Field Engineers Community",
    capability="First-visit fault diagnosis on smart meters",
    business_priority="strengthen_customer_experience",
    metric="First-time fix rate",
    unit="%",
    direction="higher_is_better",
    baseline=71,
    target=80,
    baseline_step=1,
    decimals=1,
    purpose=(
        "Raise the first-time fix rate on smart-meter faults from {baseline} % to {target} % "
        "by the end of the cycle, so fewer customers wait in for a second visit."
    ),
    success_measures=(
        "First-time fix rate at {target} % or better; three patterns in daily use in every "
        "region; repeat visits for communication faults halved."
    ),
    boundaries=(
        "No new tools or van stock changes this cycle; no classroom training; warranty "
        "claims with the meter maker stay with Technical Support."
    ),
    session_output="A fault-finding pattern for the field playbook",
    practitioners="field engineers",
    sponsor_team="Field Operations",
    steward_team="Field Service Excellence",
    data_team="Operations Analytics",
    sme_team="Technical Support",
    teams={
        "AMER": ("Toronto Field Team", "Chicago Field Team", "Monterrey Field Team"),
        "EMEA": ("Leeds Field Team", "Rotterdam Field Team", "Lyon Field Team"),
        "APAC": ("Brisbane Field Team", "Auckland Field Team", "Singapore Field Team"),
    },
    stories=(
        Story(
            "Meters installed last month drop off the network within a week; engineers swap "
            "the communications hub and the fault comes back.",
            "Check hub signal strength before swapping hardware",
            "Installs in basements and meter cupboards",
        ),
        Story(
            "Engineers arrive without the right meter variant because the job card still "
            "shows the old model number.",
            "Confirm the meter variant from the site photo before loading the van",
            "Morning van loading at every depot",
        ),
        Story(
            "Intermittent display faults are closed as 'no fault found' and the customer "
            "calls back within ten days.",
            "Run the 15-minute load test before closing a display fault",
            "All display and power faults",
        ),
        Story(
            "Broken seals on gas meters are only found on the second visit because the "
            "regulator was not checked the first time.",
            "Check regulator and seal first on every gas visit",
            "Gas visits in older housing",
        ),
        Story(
            "Customers are out when the engineer arrives because the four-hour slot is not "
            "confirmed the day before.",
            "Confirm the slot by text and call the evening before",
            "Scheduling desks in every region",
        ),
        Story(
            "Firmware updates stop halfway on one meter batch and leave the meter in safe mode.",
            "Load firmware through the local port when the hub signal is weak",
            "Meters from the 2023 supplier batch",
        ),
        Story(
            "New engineers escalate wiring faults they could fix on site because they are "
            "unsure of the isolation steps.",
            "Call a senior engineer before escalating a wiring fault",
            "Engineers in their first six months",
        ),
        Story(
            "Commercial meters read zero after an exchange because the CT ratio was not "
            "entered again.",
            "Re-enter and photograph the CT ratio on every commercial exchange",
            "Commercial and three-phase jobs",
        ),
        Story(
            "Shared meter rooms in apartment blocks cost a second trip when the caretaker "
            "has no key.",
            "Book building access with the managing agent when the job is raised",
            "Jobs in apartment blocks",
        ),
        Story(
            "Readings sent from the handheld are rejected overnight because the device "
            "clock is on the wrong time zone.",
            "Check the handheld clock and zone at the start of every shift",
            "All handhelds after a software update",
        ),
        Story(
            "Corroded terminals near the coast cause the same fault a few weeks after a clean fix.",
            "Grease contacts and record the corrosion grade on coastal jobs",
            "Depots within 10 km of the coast",
        ),
        Story(
            "Jobs are closed with a generic fault code, so the next engineer has no history "
            "to work from.",
            "Close every job with a specific fault code and a one-line cause",
            "Every job closure",
        ),
    ),
)

CONTACT_CENTRE = Domain(
    key="contact-centre",
    organizations=(
        ("Brightline Telecom", "brightline.example"),
        ("Harbourview Insurance", "harbourview.example"),
        ("Kestrel Mobile", "kestrelmobile.example"),
    ),
    network_names=("First-Contact Resolution Network", "Customer Care Peer Network"),
    community_name="Advisers Community of Practice",
    capability="Resolving billing and account queries on the first contact",
    business_priority="strengthen_customer_experience",
    metric="First-contact resolution",
    unit="%",
    direction="higher_is_better",
    baseline=64,
    target=72,
    baseline_step=1,
    decimals=1,
    purpose=(
        "Lift first-contact resolution on billing and account calls from {baseline} % to "
        "{target} % by the end of the cycle, so customers stop calling back about the same "
        "issue."
    ),
    success_measures=(
        "First-contact resolution at {target} %; repeat calls within seven days down by a "
        "fifth; every centre using at least two patterns."
    ),
    boundaries=(
        "No changes to the billing system or the call scripts owned by Compliance; no "
        "new quality scorecard."
    ),
    session_output="A call-handling pattern agreed for the playbook",
    practitioners="advisers and team leaders",
    sponsor_team="Customer Operations",
    steward_team="Service Quality",
    data_team="Workforce Analytics",
    sme_team="Billing Operations",
    teams={
        "AMER": ("Halifax Contact Centre", "Dallas Contact Centre", "Bogotá Contact Centre"),
        "EMEA": ("Cardiff Contact Centre", "Lisbon Contact Centre", "Cape Town Contact Centre"),
        "APAC": ("Manila Contact Centre", "Kuala Lumpur Contact Centre", "Pune Contact Centre"),
    },
    stories=(
        Story(
            "Customers on bundled plans call back because the first bill after a plan "
            "change shows a part-month charge nobody explained.",
            "Walk through the part-month line before ending a plan-change call",
            "All plan-change calls",
        ),
        Story(
            "Advisers transfer failed direct debits to the payments team, and a third of "
            "those calls drop in the queue.",
            "Reset a failed direct debit on the call with the payment-holiday steps",
            "Billing queues in every centre",
        ),
        Story(
            "Roaming bill disputes take three contacts because advisers cannot see usage by "
            "country.",
            "Pull the roaming usage report before quoting a refund",
            "Roaming disputes in the travel season",
        ),
        Story(
            "Customers who move house get two final bills when the old account is closed "
            "before the new one is live.",
            "Close the old account only once the new one shows active",
            "Home-move calls",
        ),
        Story(
            "Complaints about the price rise escalate because advisers read out the letter "
            "instead of the customer's own change.",
            "Show the customer's own before-and-after monthly amount",
            "Annual price-change season",
        ),
        Story(
            "Password resets fail for customers without the app, so they call again once "
            "the email link expires.",
            "Send the reset link by SMS while the customer is on the line",
            "Account-access calls",
        ),
        Story(
            "Credit given on one call is reversed overnight because the reason code does "
            "not match the policy list.",
            "Pick the reason code from the goodwill crib sheet",
            "All goodwill credits",
        ),
        Story(
            "New advisers keep customers on hold for over three minutes while they look for "
            "the right knowledge article.",
            "Search the knowledge base with the customer's own words plus the product",
            "Advisers in their first three months",
        ),
        Story(
            "Business customers with several lines get one line fixed and call back for the "
            "others.",
            "Check every line on the account before closing a business fault",
            "Small-business queue",
        ),
        Story(
            "Bereavement calls pass between three teams before the account is changed.",
            "One adviser owns a bereavement case from start to finish",
            "Bereavement and power-of-attorney calls",
        ),
        Story(
            "A refund promised on the call is never paid because the card on file has expired.",
            "Confirm the refund card before promising a date",
            "Refund calls",
        ),
        Story(
            "Chats are closed before the customer has confirmed the fix works.",
            "Ask the customer to test the fix before closing the chat",
            "Chat and messaging queues",
        ),
    ),
)

NURSING = Domain(
    key="nursing",
    organizations=(
        ("Meridian Health International", "meridianhealth.example"),
        ("Aster Hospitals Group", "asterhospitals.example"),
        ("St Brigid's Healthcare", "stbrigids.example"),
    ),
    network_names=("Sepsis Response Network", "Deteriorating Patient Network"),
    community_name="Ward Nurses Forum",
    capability="Early recognition and escalation of the deteriorating patient",
    business_priority="reduce_operational_cycle_time",
    metric="Median time from positive sepsis screen to antibiotics",
    unit="minutes",
    direction="lower_is_better",
    baseline=74,
    target=55,
    baseline_step=2,
    decimals=0,
    purpose=(
        "Cut the median time from a positive sepsis screen to antibiotics on our medical "
        "wards from {baseline} to {target} minutes by the end of the cycle."
    ),
    success_measures=(
        "Median time to antibiotics at {target} minutes or less; every ward using the "
        "night-time first-dose pattern; no rise in unplanned intensive-care admissions."
    ),
    boundaries=(
        "No change to prescribing policy without the Drugs and Therapeutics Committee; "
        "no extra documentation for nurses; paediatric wards are out of scope."
    ),
    session_output="A pattern for the ward playbook or a documented change to practice",
    practitioners="ward nurses",
    sponsor_team="Nursing Directorate",
    steward_team="Patient Safety",
    data_team="Clinical Audit",
    sme_team="Critical Care Outreach",
    teams={
        "AMER": ("Boston General, Ward 4B", "Vancouver Central, Ward 6", "Miami Bay, Ward 2A"),
        "EMEA": ("Dublin City, Ward 7", "Manchester North, Ward 12", "Madrid Sur, Ward 3"),
        "APAC": ("Singapore East, Ward 5", "Sydney Harbour, Ward 9", "Auckland City, Ward 14"),
    },
    stories=(
        Story(
            "At night the screen is positive but the doctor is on another ward, so the first "
            "dose waits for the morning round.",
            "Nurse-initiated first dose under the sepsis protocol at night",
            "All medical wards on nights",
        ),
        Story(
            "Blood cultures are taken late because the culture bottles are kept in the "
            "treatment room, not on the sepsis trolley.",
            "Stock culture bottles on every sepsis trolley",
            "Every ward with a sepsis trolley",
        ),
        Story(
            "Patients observed on paper are missed when the electronic early-warning score "
            "is not updated.",
            "Enter observations at the bedside, not at the end of the round",
            "Wards still using paper charts",
        ),
        Story(
            "Antibiotics are prescribed but not given because the dose falls outside the "
            "drug round.",
            "Give the first dose as a one-off, outside the drug round",
            "All medical wards",
        ),
        Story(
            "Handover misses patients with a rising score because the sheet shows only the "
            "latest value.",
            "Hand over the score trend, not just the last score",
            "Every shift handover",
        ),
        Story(
            "Agency nurses do not know how to reach the outreach team.",
            "Outreach number and escalation script on the back of every badge",
            "Agency and bank staff inductions",
        ),
        Story(
            "Patients with a penicillin allergy wait while the alternative is checked with "
            "pharmacy.",
            "Print the allergy alternative in the sepsis pathway",
            "Pharmacy and all medical wards",
        ),
        Story(
            "Cannulation fails twice in frail patients and the dose is delayed by an hour.",
            "Call the vascular access nurse after one failed attempt",
            "Frail elderly patients",
        ),
        Story(
            "Post-operative fevers trigger the sepsis alert when it is not sepsis, and staff "
            "start ignoring alerts.",
            "Two-question check before escalating a post-operative fever",
            "Surgical wards",
        ),
        Story(
            "Patients moved up from the emergency department arrive without the time of "
            "their first screen.",
            "Record the screen time on the transfer note",
            "Emergency department transfers",
        ),
        Story(
            "Newly qualified nurses hesitate to call a senior doctor at night.",
            "Practise the SBAR call in the first week on the ward",
            "Newly qualified nurses",
        ),
        Story(
            "Lactate results sit unseen in the system because nobody is alerted.",
            "Send lactate alerts to the nurse in charge's phone",
            "Acute medical units",
        ),
    ),
)

SOFTWARE_DELIVERY = Domain(
    key="software-delivery",
    organizations=(
        ("Ledgerline Software", "ledgerline.example"),
        ("Fenwick Digital", "fenwickdigital.example"),
        ("Orbital Payments", "orbitalpay.example"),
    ),
    network_names=("Release Reliability Network", "Safe Deploys Network"),
    community_name="Engineering Guild",
    capability="Shipping changes to production without incidents",
    business_priority="reduce_defect_rates",
    metric="Change failure rate",
    unit="%",
    direction="lower_is_better",
    baseline=18,
    target=10,
    baseline_step=1,
    decimals=1,
    purpose=(
        "Reduce the change failure rate of production releases from {baseline} % to "
        "{target} % by the end of the cycle, across the payments and accounts platforms."
    ),
    success_measures=(
        "Change failure rate at {target} % or lower; mean time to restore under an hour; "
        "every team running at least two of the release patterns."
    ),
    boundaries=(
        "No new deployment tooling this cycle; no change freeze; architecture decisions "
        "stay with the design authority."
    ),
    session_output="A release pattern with a worked example",
    practitioners="engineers",
    sponsor_team="Engineering Leadership",
    steward_team="Platform Reliability",
    data_team="Engineering Insights",
    sme_team="Site Reliability",
    teams={
        "AMER": ("Payments API, Austin", "Mobile, São Paulo", "Platform, Toronto"),
        "EMEA": ("Accounts, Berlin", "Checkout, Dublin", "Data, Warsaw"),
        "APAC": ("Onboarding, Bengaluru", "Risk, Singapore", "Notifications, Sydney"),
    },
    stories=(
        Story(
            "Database migrations lock a large table at peak time and the release is rolled back.",
            "Run backfills as separate throttled jobs after the schema change",
            "Services with tables over ten million rows",
        ),
        Story(
            "A feature flag left on in staging hides a broken code path that fails in production.",
            "Test both flag states in the pipeline before merging",
            "All flagged features",
        ),
        Story(
            "Config changes go out by hand, outside the pipeline, and cause half of the "
            "Friday incidents.",
            "Keep config in the repository and ship it through the pipeline",
            "Platform and payments teams",
        ),
        Story(
            "Canary releases are promoted after five minutes, before the error rate has "
            "time to show.",
            "Hold a canary through one full traffic peak",
            "All customer-facing services",
        ),
        Story(
            "Flaky integration tests are retried until green, hiding a real timeout.",
            "Quarantine flaky tests with an owner and a fix-by date",
            "Every pipeline with retries switched on",
        ),
        Story(
            "A library upgrade changes a default timeout and breaks calls to the bank gateway.",
            "Read the changelog for changed defaults on every major upgrade",
            "Services calling external gateways",
        ),
        Story(
            "Rollbacks take forty minutes because the previous image has been cleaned up.",
            "Keep the last three images pinned for every service",
            "All deployment pipelines",
        ),
        Story(
            "On-call cannot tell which release caused an alert because several teams "
            "deployed at once.",
            "Post every deploy to the shared release channel with a link",
            "Teams deploying to shared clusters",
        ),
        Story(
            "Mobile releases ship against an API version the backend has already retired.",
            "Contract tests between app and API on every release branch",
            "Mobile and API teams",
        ),
        Story(
            "Load tests run against an empty database and miss the slow queries.",
            "Load-test against a masked copy of production data",
            "Services with heavy reporting queries",
        ),
        Story(
            "Hotfixes skip code review at night and cause a second incident.",
            "Two people on every hotfix, even at night",
            "On-call rotations",
        ),
        Story(
            "A schema change on the events topic breaks consumers nobody knew about.",
            "Register consumers and check schema compatibility in CI",
            "Event-driven services",
        ),
    ),
)

MANUFACTURING = Domain(
    key="manufacturing",
    organizations=(
        ("Harrow Precision Components", "harrowprecision.example"),
        ("Vantor Packaging", "vantorpack.example"),
        ("Kellmore Automotive Parts", "kellmore.example"),
    ),
    network_names=("Changeover Excellence Network", "Quick Changeover Network"),
    community_name="Setters and Line Leads Community",
    capability="Fast, right-first-time changeovers on the moulding lines",
    business_priority="reduce_operational_cycle_time",
    metric="Average changeover time",
    unit="minutes",
    direction="lower_is_better",
    baseline=52,
    target=38,
    baseline_step=2,
    decimals=0,
    purpose=(
        "Cut the average changeover time on the injection-moulding lines from {baseline} "
        "to {target} minutes by the end of the cycle, without more scrap at start-up."
    ),
    success_measures=(
        "Average changeover at {target} minutes or less; first-off parts right first time "
        "on nine changeovers in ten; every plant using the staging pattern."
    ),
    boundaries=(
        "No capital spend on new clamps or tooling this cycle; no changes to the quality "
        "sign-off rules without the plant quality manager."
    ),
    session_output="A changeover pattern with photos for the playbook",
    practitioners="setters and line leads",
    sponsor_team="Manufacturing Operations",
    steward_team="Continuous Improvement",
    data_team="Manufacturing Systems",
    sme_team="Tooling Engineering",
    teams={
        "AMER": ("Querétaro Plant, Line 3", "Dayton Plant, Line 1", "Guelph Plant, Line 2"),
        "EMEA": ("Brno Plant, Line 4", "Sheffield Plant, Line 2", "Porto Plant, Line 1"),
        "APAC": ("Penang Plant, Line 5", "Suzhou Plant, Line 2", "Chennai Plant, Line 3"),
    },
    stories=(
        Story(
            "The next mould is still in the store when the run ends, so the press stands idle.",
            "Stage the next mould at the press 30 minutes before the run ends",
            "All presses over 300 tonnes",
        ),
        Story(
            "First-off parts fail on flash because the mould temperature has not settled.",
            "Preheat the incoming mould on the staging rig",
            "Lines running polypropylene",
        ),
        Story(
            "Operators hunt for the right clamp bolts at every changeover.",
            "Shadow board with a labelled bolt kit for each mould",
            "Every press",
        ),
        Story(
            "Colour changes leave streaks for 200 shots because the barrel is not purged properly.",
            "Purge in the order on the colour-change card",
            "Lines with frequent colour changes",
        ),
        Story(
            "Sign-off of the first part waits up to 25 minutes for an inspector.",
            "Line leads sign off first-off parts against the golden sample",
            "Night and weekend shifts",
        ),
        Story(
            "Robot pick-up positions are taught again at every changeover because programs "
            "are not saved per mould.",
            "Save and name robot programs by mould number",
            "Presses with take-out robots",
        ),
        Story(
            "Water lines are connected to the wrong circuits, causing cold spots and short shots.",
            "Colour-coded quick couplings for each cooling circuit",
            "Moulds with more than two circuits",
        ),
        Story(
            "Monday changeovers overrun because the weekend crew leaves no handover notes.",
            "Leave a changeover handover card on the press",
            "Weekend-to-weekday handovers",
        ),
        Story(
            "Setting sheets are out of date, so setters start from memory.",
            "Update and sign the setting sheet at the end of every good run",
            "All setters",
        ),
        Story(
            "The forklift is busy when the mould needs moving, adding 15 minutes.",
            "Book the forklift in the changeover schedule",
            "Plants with a shared forklift",
        ),
        Story(
            "Hot-runner zones are switched on late and the first shots are short.",
            "Switch the hot runner on at the start of the mould swap",
            "Hot-runner moulds",
        ),
        Story(
            "New setters take twice as long on the oldest moulds, which have no quick-release "
            "clamps.",
            "Pair new setters with a senior for their first five changes on old moulds",
            "Setters in their first year",
        ),
    ),
)

LOGISTICS = Domain(
    key="logistics",
    organizations=(
        ("Corrway Logistics", "corrway.example"),
        ("Bluepoint Fulfilment", "bluepoint.example"),
        ("Anvil Freight and Warehousing", "anvilfreight.example"),
    ),
    network_names=("Pick Accuracy Network", "Warehouse Floor Network"),
    community_name="Warehouse Community",
    capability="Accurate picking and packing at peak volume",
    business_priority="reduce_defect_rates",
    metric="Mis-picks per 10,000 order lines",
    unit="per 10,000 lines",
    direction="lower_is_better",
    baseline=42,
    target=25,
    baseline_step=2,
    decimals=0,
    purpose=(
        "Reduce mis-picks from {baseline} to {target} per 10,000 order lines by the end of "
        "the cycle, before the peak season starts."
    ),
    success_measures=(
        "Mis-picks at {target} per 10,000 lines or fewer; wrong-item complaints down by a "
        "third; every site using the look-alike slotting pattern."
    ),
    boundaries=(
        "No changes to the warehouse management system this cycle; no new scanners; "
        "carrier issues go to Transport."
    ),
    session_output="A floor pattern with a before-and-after photo",
    practitioners="pickers and shift leads",
    sponsor_team="Warehouse Operations",
    steward_team="Operational Excellence",
    data_team="Supply Chain Analytics",
    sme_team="Inventory Control",
    teams={
        "AMER": ("Memphis DC", "Reno DC", "Mississauga DC"),
        "EMEA": ("Tilburg DC", "Daventry DC", "Poznań DC"),
        "APAC": ("Melbourne DC", "Johor DC", "Osaka DC"),
    },
    stories=(
        Story(
            "Look-alike items in neighbouring bins get swapped, mostly phone cases and chargers.",
            "Never slot look-alike items in neighbouring bins",
            "Electronics aisles at every site",
        ),
        Story(
            "Pickers scan the bin but not the item, so the wrong sizes go out.",
            "Scan the item, not just the bin, on multi-size products",
            "Apparel zones",
        ),
        Story(
            "Temporary staff at peak pick from an overflow location the system no longer uses.",
            "Tape off retired overflow locations the same day",
            "Sites with seasonal overflow",
        ),
        Story(
            "Multi-unit orders go out one unit short when the pick list rounds packs.",
            "Show packs and units separately on the pick screen",
            "Orders with pack-size items",
        ),
        Story(
            "Returns put back on the shelf without a check cause repeat wrong-item complaints.",
            "Check and relabel returns before put-away",
            "Returns desks",
        ),
        Story(
            "Scanner batteries die mid-shift and pickers fall back to paper lists.",
            "Swap scanner batteries at the break, not when they die",
            "Night shifts",
        ),
        Story(
            "Bin labels faded by sunlight near the dock doors cannot be scanned.",
            "Check labels near doors and skylights every quarter",
            "Dock-side locations",
        ),
        Story(
            "The pack station does not weigh orders, so short picks are not caught.",
            "Check-weigh every multi-item order at packing",
            "Pack stations for multi-item orders",
        ),
        Story(
            "Replenishment arrives mid-wave and pickers take from the pallet instead of the bin.",
            "Replenish between waves, never during one",
            "High-velocity aisles",
        ),
        Story(
            "New starters are put in the busiest zone on their first day.",
            "Start new pickers in a slow zone for their first three shifts",
            "Inductions at every site",
        ),
        Story(
            "Packing instructions for business customers are missed because they sit in a PDF.",
            "Show packing instructions on the pack-station screen",
            "Business-customer orders",
        ),
        Story(
            "Cycle counts find stock in the wrong bin, but nobody traces how it got there.",
            "Trace every count difference back to the last pick",
            "Weekly cycle counts",
        ),
    ),
)

#: Every domain, in the order seeds rotate through them.
DOMAINS: tuple[Domain, ...] = (
    FIELD_SERVICE,
    CONTACT_CENTRE,
    NURSING,
    SOFTWARE_DELIVERY,
    MANUFACTURING,
    LOGISTICS,
)

#: Domains that sit together in one group of companies, for the portfolio.
GROUP_DOMAINS: tuple[Domain, ...] = (FIELD_SERVICE, CONTACT_CENTRE, SOFTWARE_DELIVERY, LOGISTICS)

#: (name, email domain) of groups that launch several networks at once.
GROUPS: tuple[tuple[str, str], ...] = (
    ("Meridian Group", "meridiangroup.example"),
    ("Halden Group", "haldengroup.example"),
    ("Ashcombe Group", "ashcombe.example"),
)
