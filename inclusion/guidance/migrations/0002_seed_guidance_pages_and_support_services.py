"""The first guidance pages and support services, so the public advice pages are useful from day
one. Co-ordinators edit them afterwards (each page starts with one version in its history).

Everything local is fictional: example.org addresses and 01632 960xxx numbers (Ofcom's range for
drama). Statutory points follow ``reference/statutory-rules.md``.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

SEED_NOTE = "Set up with the service"

PAGES: list[tuple[str, str, str, str]] = [
    (
        "what-to-do-next",
        "What to do next when you are worried about a pupil",
        "The steps a school takes when it cannot meet a pupil's needs alone.",
        """If a pupil's behaviour, attendance or wellbeing is getting worse and what you have tried
is not working, you do not have to decide the next step on your own.

## 1. Check what the school has already tried

Look at the support the pupil has had at **Tier 1** (universal support in school) and **Tier 2**
(targeted support in school): what you did, when, for how long and what difference it made. The
referral form asks for this, and the forum will want to know.

## 2. Talk to the people who know the pupil

- the pupil, about what helps and what does not
- their parents or carers
- your SENCo and your Designated Safeguarding Lead (DSL)
- any service already working with the family

If you have a safeguarding concern, follow your school's safeguarding procedure first.

## 3. Ask your partnership co-ordinator

Your co-ordinator can give advice over the phone, suggest services, or invite you to bring the
case to the next Inclusion Forum. Their contact details are on the advice pages.

## 4. Make a referral

Use the one Referral and Commissioning Form for every purpose: a forum discussion (named, with
consent, or anonymous), partnership support, Programme Management, the Attendance Offer, a managed
move or advice only. You can save a draft and come back to it.
""",
    ),
    (
        "seeking-external-support",
        "Seeking external support",
        "Finding services outside school that can help a pupil or their family.",
        """Many pupils at risk of exclusion have needs that a school cannot meet alone. Services
outside school can help the pupil, support the family, or advise staff.

## Where to start

- Look at the [list of support services](/advice/services/), grouped by the kind of help they give.
- Ask your partnership co-ordinator: they know which services have capacity locally.
- If a family needs wider help, talk to them about an Early Help assessment.

## Before you refer

- Explain to the pupil and their parents or carers why you are suggesting the service.
- Ask for consent to share information, unless sharing is needed to keep a child safe.
- Record the referral and what happens next in the pupil's graduated response, so a forum can
  see it.

If a child is at risk of significant harm, contact children's social care straight away. If a child
is in immediate danger, call 999.
""",
    ),
    (
        "using-alternative-provision",
        "Using alternative provision",
        "What to check before, during and after placing a pupil at an alternative provider.",
        """Alternative provision (AP) is education arranged away from the pupil's school for part or
all of the week. The pupil stays the school's responsibility while they are there.

## Before a placement

- Check the provider in the directory: its registration status, its compliance evidence and its
  latest quality assurance visit.
- Complete the Standard Risk Assessment for the pupil.
- Agree the timetable, the start date, a target end date and the first review date.
- Agree with parents or carers, in writing, what the placement is for.
- Make sure the provider has a quick route to your Designated Safeguarding Lead.

## During a placement

- Check attendance every day and follow up any absence the same day. Record code **B** for
  school-arranged AP the pupil attends; the local authority's own provision is recorded as **K**.
- Visit the pupil at the provider and record what you saw.
- Review progress against the pupil's targets on the dates you agreed.

A pupil's education across every setting must add up to full time unless there is a medical
reason. Part-time timetables must be exceptional, agreed with parents and time-limited.
""",
    ),
    (
        "illegal-schools",
        "Illegal (unregistered) schools",
        "When an unregistered provider must register as a school, and how the service helps.",
        """An independent educational institution that is not registered as a school is operating
illegally if it must register and has not.

## The registration test

A provider must register as a school if it educates full time:

- **5 or more** children of compulsory school age, or
- **at least 1** child who is looked after by a local authority or has special educational needs
  (since 1 June 2026; before that date, 1 child with an Education, Health and Care plan)

"Full time" means all or most of a child's education. The Department for Education's long-standing
guide is more than **18 hours a week** during the school day.

## Why no single school can tell

The test counts every child at the provider, whoever placed them: all schools, all partnerships
and the local authority. This service adds up placements across every commissioner and warns
before a new placement would make an unregistered provider meet the test.

## What to do

- Check the provider's registration status in the directory before you commission.
- Tell your co-ordinator if you think a provider may be operating as an illegal school.
""",
    ),
    (
        "inclusion-forums",
        "Inclusion Forums",
        "How the local forums work and how to bring a pupil's case to one.",
        """Each partnership holds a regular Inclusion Forum (sometimes called a surgery or
multi-agency panel). Schools, the partnership and services meet to agree the next step for pupils
whose school cannot meet their needs alone.

## Bringing a case

1. Send a referral for a forum discussion. Forum dates are on your partnership's page.
2. Name the pupil only with the consent of their parent or carer. Without consent, the case is
   discussed anonymously: other schools and services will not see the pupil's name, UPN, date of
   birth or address.
3. Your co-ordinator may ask for more information before accepting the case onto the agenda.

## At the forum

The forum agrees a decision for each case, for example advice and a support plan, signposting to a
service, a change of tier, Programme Management, an Attendance Offer, a managed move to explore, or a
Fair Access referral. Each decision comes with actions, an owner and a due date.

## Afterwards

You will see the decision and your actions in the service. The decision also appears on the
pupil's graduated-response timeline.
""",
    ),
    (
        "risk-of-permanent-exclusion",
        "When a pupil is at risk of permanent exclusion",
        "What to do before considering a permanent exclusion, and the duties that follow one.",
        """The county's secondary schools have agreed to work together to avoid permanent
exclusion.

## Before any decision

- A headteacher considering a permanent exclusion speaks to the **Partnership Chair first**.
- Talk to your co-ordinator about bringing the case to the Inclusion Forum urgently.
- Review the support the pupil has had and whether their special educational needs have been
  assessed and met.

## Duties that follow a suspension or exclusion

- Tell the parents, the local authority and the governing board without delay. For a looked-after
  pupil, also tell the Virtual School Head; if the pupil lives in another authority, tell their
  home local authority too.
- Suspensions can add up to no more than **45 school days** in an academic year.
- From the **6th school day** of a suspension the school arranges full-time education; after a
  permanent exclusion the local authority does.
- The governing board must consider reinstatement within **15 school days** of a permanent
  exclusion.

In this county a pupil who is permanently excluded goes onto another local school's roll through
Fair Access, and the partnership provides the programme.
""",
    ),
    (
        "fair-access",
        "Fair Access",
        "How the county's Fair Access Protocol finds a school place for vulnerable children.",
        """The Fair Access Protocol makes sure that children who find it hard to get a school place
are offered one quickly, and that no school takes more than its fair share.

## Who it is for

Only children in the categories set out in the School Admissions Code (paragraph 3.17), such as
children who have been out of education for four weeks or more, children with a child in need or
child protection plan in the last 12 months, and children leaving alternative provision or
returning after a permanent exclusion. The ordinary in-year admissions route must have been tried
first.

## What happens

- The local authority or the partnership brings the case to the Fair Access panel, with the
  category and the evidence.
- The panel agrees a school, looking at how many pupils each school has already taken.
- A place must be allocated within **20 school days** of the decision to use the protocol, even
  at a school that is full.

Ask your co-ordinator or the county admissions team (admissions@example.org) if you are not sure
whether a child qualifies.
""",
    ),
    (
        "ofsted-and-pupils-in-ap",
        "Ofsted and pupils in alternative provision",
        "What inspectors will ask about pupils educated away from school, and how to be ready.",
        """Inspectors want to know that a school knows where every pupil is, that they are safe, and
that they are making progress, including pupils educated at alternative provision.

## At the planning call

Be ready to list your off-site alternative provision: each provider's name, address, registration
status and URN, the number of pupils there and why, their start dates and the hours they attend.
Inspectors may call or visit a provider.

## Be ready to show

- a named lead who can say where every pupil is at any time
- each pupil's category: permanently excluded elsewhere and now on your roll, at risk of
  permanent exclusion on a full-time programme, or a short-term placement
- daily attendance checks and how you follow up absence
- a commissioning agreement, a target end date, the next review date and past reviews
- records of staff visits to the pupil at the provider
- the procedure agreed with the provider for suspensions

The service's Ofsted pack brings this together for your school.
""",
    ),
    (
        "visits-to-pupils-at-ap",
        "Visiting pupils at alternative provision",
        "Why and how school staff visit their pupils at a provider.",
        """Visiting a pupil at their provider shows them the school has not forgotten them, and
lets you see for yourself that they are safe and learning.

## How often

Agree a pattern of visits when the placement starts and keep to it. Visit more often at the start,
after any incident, and when attendance drops.

## On a visit

- Check the pupil is there and see where they learn.
- Talk to the pupil on their own about how it is going.
- Look at their work and their progress towards their targets.
- Check the provider knows who your Designated Safeguarding Lead is and how to reach them.
- Ask about attendance, behaviour and anything that worries staff.

Record the visit in the service straight away, using the checklist. If you see anything that
worries you about safety, follow your safeguarding procedure the same day.
""",
    ),
    (
        "city-address-pupils",
        "Pupils who live in Leicester City",
        "Extra steps when a pupil at a county school lives in Leicester City.",
        """Some pupils at county schools live in Leicester City, which is a separate local authority.
Support paid for or arranged by the city must be requested from the city.

## What the service does

When a referral is submitted, the service checks the pupil's home postcode. If the home address
is in Leicester City, the case shows the City-address steps.

## What happens next

- Your co-ordinator arranges the transfer of support from the city, where the city provides it.
- Tell the city about a suspension or permanent exclusion as well as the county: the home local
  authority must be told without delay.
- Agree with your co-ordinator who commissions and pays for any placement before it starts.

If the postcode cannot be found, your co-ordinator can confirm the local authority by hand.
""",
    ),
    (
        "looked-after-pupils",
        "Looked-after pupils",
        "Working with the Virtual School when a pupil in care is at risk or in alternative provision.",
        """A looked-after child (a child in care) has a Virtual School Head (VSH) who is responsible
for promoting their education. It is the Virtual School of the local authority that looks after
the child, which may not be the authority they live in.

## What the school must do

- Tell the **Virtual School Head** without delay about any suspension or permanent exclusion.
- Invite the Virtual School and the child's social worker to meetings about the child's
  education, including Inclusion Forum discussions and Personal Education Plan (PEP) reviews.
- Make sure the Virtual School knows about any alternative provision placement before it starts.
  No national rule requires the Virtual School to approve a placement, but in this county its
  approval is a step in the placement.

## In this county

- A Leicestershire child in care is supported by the Leicestershire Virtual School.
- A child looked after by another authority is supported by that authority's Virtual School and
  their social worker.

Remember that a provider educating even one looked-after child full time must be registered as a
school.
""",
    ),
]

SERVICES: list[dict[str, str]] = [
    {
        "name": "Harbour Wellbeing Service (fictional)",
        "category": "mental_health",
        "description": "Free, confidential talking support for 11 to 18 year olds with anxiety, "
        "low mood or worries, in school or online. Young people, parents and schools can refer.",
        "url": "https://harbour-wellbeing.example.org",
        "phone": "01632 960101",
    },
    {
        "name": "Steady Steps Family Hub (fictional)",
        "category": "family",
        "description": "Early Help for families: parenting support, help with routines and "
        "school attendance, and a named family worker. Ask with the family's agreement.",
        "url": "https://steady-steps.example.org",
        "phone": "01632 960202",
    },
    {
        "name": "SEND Information and Advice Line (fictional)",
        "category": "send",
        "description": "Impartial advice for parents, carers and young people about special "
        "educational needs, SEN support and Education, Health and Care plans.",
        "url": "https://send-advice.example.org",
        "phone": "01632 960303",
    },
    {
        "name": "Open Door Youth Project (fictional)",
        "category": "youth",
        "description": "Youth clubs, mentoring and evening activities across the county for young "
        "people aged 11 to 19, including one-to-one support from a youth worker.",
        "url": "https://open-door-youth.example.org",
        "phone": "01632 960404",
    },
    {
        "name": "Clear Path Young People's Service (fictional)",
        "category": "substance",
        "description": "Confidential help for young people worried about their own or someone "
        "else's drug or alcohol use, and advice for school staff.",
        "url": "https://clear-path.example.org",
        "phone": "01632 960505",
    },
    {
        "name": "Safe Routes Exploitation Team (fictional)",
        "category": "exploitation",
        "description": "Advice and direct work with young people at risk of criminal or sexual "
        "exploitation, including county lines. Refer through your Designated Safeguarding Lead.",
        "url": "https://safe-routes.example.org",
        "phone": "01632 960606",
    },
    {
        "name": "Attendance Support Team (fictional)",
        "category": "attendance",
        "description": "Advice for schools on persistent and severe absence, support plans with "
        "families, and the partnership's Attendance Offer for pupils with low engagement.",
        "url": "https://attendance-support.example.org",
        "phone": "01632 960707",
    },
    {
        "name": "Nightlight Online Counselling (fictional)",
        "category": "mental_health",
        "description": "Anonymous online counselling and moderated peer support for young people, "
        "available in the evenings and at weekends. No referral needed.",
        "url": "https://nightlight.example.org",
        "phone": "",
    },
]


def seed(apps: Any, schema_editor: Any) -> None:
    page_model = apps.get_model("guidance", "GuidancePage")
    version_model = apps.get_model("guidance", "GuidancePageVersion")
    service_model = apps.get_model("guidance", "SupportService")
    for position, (slug, title, summary, text) in enumerate(PAGES, start=1):
        body = text.strip()
        if page_model.objects.filter(slug=slug).exists():
            continue
        page = page_model.objects.create(
            slug=slug, title=title, summary=summary, body=body, position=position
        )
        version_model.objects.create(
            page=page, title=title, summary=summary, body=body, note=SEED_NOTE
        )
    for service in SERVICES:
        if not service_model.objects.filter(name=service["name"]).exists():
            service_model.objects.create(**service)


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("guidance", "GuidancePage").objects.filter(
        slug__in=[slug for slug, *_ in PAGES]
    ).delete()
    apps.get_model("guidance", "SupportService").objects.filter(
        name__in=[service["name"] for service in SERVICES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("guidance", "0001_guidance_pages_and_support_services")]

    operations = [migrations.RunPython(seed, unseed)]
