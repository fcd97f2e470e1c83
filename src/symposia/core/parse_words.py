"""Word lists the name, title and affiliation readers use."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Words that mark a job title.
TITLE_WORDS = _words(
    """
    fellow fellows director directors professor professors president vice chair chairman
    chairwoman chairperson analyst analysts researcher research scholar scholars lecturer
    founder co-founder cofounder ceo cfo coo cto officer secretary minister member members
    editor editor-in-chief correspondent partner associate dean head manager chief
    coordinator representative envoy commander retired former consultant expert specialist
    author journalist historian adviser advisor counselor counsellor ambassador diplomat
    principal lead executive deputy assistant adjunct visiting emeritus instructor candidate
    student intern trustee governor senator congressman congresswoman staff strategist
    economist officer attorney lawyer negotiator inspector administrator representative
    program programme chairs
    """
)

#: Words that mark an organisation's name.
ORG_WORDS = _words(
    """
    university institute institution center centre council foundation college school studies
    program programme association society corporation group agency department ministry
    endowment project initiative forum network organization organisation company inc llc ltd
    committee academy lab laboratory bank fund trust service office times post news review
    journal magazine consulting partners advisors advisers associates commission command
    army navy force forces corps embassy mission government congress parliament assembly
    party alliance coalition federation union league board bureau observatory monitor tank
    media press radio television institutes
    """
)

#: Lower-cased words that never appear in a person's name in a header or bio.
NOT_NAME = _words(
    """
    the and of for in on at to a an north south east west korea korean koreas united states
    china chinese japan japanese russia russian america american president chairman
    secretary minister summit hanoi singapore washington pyongyang seoul beijing tokyo
    moscow image photo editor editors note read more share related question answer fellow
    director professor senior institute university center centre council foundation program
    studies policy security affairs international national why what how when where who which
    we asked expert experts takes take part section chapter step option options scenario
    scenarios case line takeaways takeaway conclusion conclusions background summary
    introduction outlook recommendations recommendation analysis update updates next bottom
    key best worst looking ahead first second third final thoughts view views response
    responses reply comments comment prediction predictions forecast question questions
    answers panel panelists contributors contents about author authors bio however meanwhile
    still yet so both each all some many most such this that these those it he she they his
    her their our my your its if but or as while when after before during since until
    january february september october november december monday tuesday wednesday thursday
    friday saturday sunday strategic nuclear military economic political deal talks
    sanctions peace war trump biden obama administration congress state department white
    house pentagon
    """
)
