<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US" sourcelanguage="en">
<context>
    <name>AssignmentsPane</name>
    <message numerus="yes">
        <location filename="../../agentdesk/views/trainer.py" line="+654" />
        <source>%n assignment(s) made.</source>
        <translation>
            <numerusform>%n assignment made.</numerusform><numerusform>%n assignments made.</numerusform></translation>
    </message>
</context>
<context>
    <name>BulkActions</name>
    <message numerus="yes">
        <location filename="../../agentdesk/views/inbox_bulk.py" line="+726" />
        <source>%n ticket(s) merged</source>
        <translation>
            <numerusform>%n ticket merged</numerusform><numerusform>%n tickets merged</numerusform></translation>
    </message>
    <message numerus="yes">
        <location line="+2" />
        <source>Undone on %n ticket(s)</source>
        <translation>
            <numerusform>Undone on %n ticket</numerusform><numerusform>Undone on %n tickets</numerusform></translation>
    </message>
    <message numerus="yes">
        <location line="+1" />
        <source>Changed %n ticket(s)</source>
        <translation>
            <numerusform>Changed %n ticket</numerusform><numerusform>Changed %n tickets</numerusform></translation>
    </message>
    <message numerus="yes">
        <location line="+30" />
        <source>%n ticket(s) already had it.</source>
        <translation>
            <numerusform>%n ticket already had it.</numerusform><numerusform>%n tickets already had it.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location line="+6" />
        <source>and %n more ticket(s)</source>
        <translation>
            <numerusform>and %n more ticket</numerusform><numerusform>and %n more tickets</numerusform></translation>
    </message>
    <message numerus="yes">
        <location line="+1" />
        <source>Skipped %n ticket(s): %1</source>
        <translation>
            <numerusform>Skipped %n ticket: %1</numerusform><numerusform>Skipped %n tickets: %1</numerusform></translation>
    </message>
</context>
<context>
    <name>BulkBar</name>
    <message numerus="yes">
        <location line="-561" />
        <source>%n ticket(s) selected</source>
        <translation>
            <numerusform>%n ticket selected</numerusform><numerusform>%n tickets selected</numerusform></translation>
    </message>
</context>
<context>
    <name>BulkMergeDialog</name>
    <message numerus="yes">
        <location line="+154" />
        <source>Merge %n ticket(s) into #%1</source>
        <translation>
            <numerusform>Merge %n ticket into #%1</numerusform><numerusform>Merge %n tickets into #%1</numerusform></translation>
    </message>
</context>
<context>
    <name>BulkTagsDialog</name>
    <message numerus="yes">
        <location line="-139" />
        <source>Tags of %n ticket(s)</source>
        <translation>
            <numerusform>Tags of %n ticket</numerusform><numerusform>Tags of %n tickets</numerusform></translation>
    </message>
</context>
<context>
    <name>CalendarPane</name>
    <message numerus="yes">
        <location filename="../../agentdesk/views/calendar.py" line="+1196" />
        <source>%n overdue</source>
        <translation>
            <numerusform>%n overdue</numerusform><numerusform>%n overdue</numerusform></translation>
    </message>
    <message numerus="yes">
        <location line="+168" />
        <source>Exported %n follow-ups</source>
        <translation>
            <numerusform>Exported %n follow-up</numerusform><numerusform>Exported %n follow-ups</numerusform></translation>
    </message>
</context>
<context>
    <name>InboxPane</name>
    <message numerus="yes">
        <location filename="../../agentdesk/views/inbox.py" line="+656" />
        <source>%n ticket(s)</source>
        <translation>
            <numerusform>%n ticket</numerusform><numerusform>%n tickets</numerusform></translation>
    </message>
</context>
<context>
    <name>KnowledgePane</name>
    <message numerus="yes">
        <location filename="../../agentdesk/views/knowledge.py" line="+937" />
        <source>%n article(s)</source>
        <translation>
            <numerusform>%n article</numerusform><numerusform>%n articles</numerusform></translation>
    </message>
</context>
<context>
    <name>MentionCenter</name>
    <message numerus="yes">
        <location filename="../../agentdesk/ui/mentions.py" line="+160" />
        <source>%n new mentions</source>
        <translation>
            <numerusform>%n new mention</numerusform><numerusform>%n new mentions</numerusform></translation>
    </message>
</context>
<context>
    <name>MyReviewsPane</name>
    <message numerus="yes">
        <location filename="../../agentdesk/views/reviews.py" line="+524" />
        <source>Weekly average score, last %n week(s)</source>
        <translation>
            <numerusform>Weekly average score, last %n week</numerusform><numerusform>Weekly average score, last %n weeks</numerusform></translation>
    </message>
</context>
<context>
    <name>ProtectionAlerts</name>
    <message numerus="yes">
        <location filename="../../agentdesk/ui/protection_alerts.py" line="+118" />
        <source>%n new protection incidents</source>
        <translation>
            <numerusform>%n new protection incident</numerusform><numerusform>%n new protection incidents</numerusform></translation>
    </message>
</context>
<context>
    <name>QualityPane</name>
    <message numerus="yes">
        <location filename="../../agentdesk/views/quality.py" line="+207" />
        <source>%n ticket(s) drawn</source>
        <translation>
            <numerusform>%n ticket drawn</numerusform><numerusform>%n tickets drawn</numerusform></translation>
    </message>
</context>
<context>
    <name>ReminderCenter</name>
    <message numerus="yes">
        <location filename="../../agentdesk/ui/notifications.py" line="+212" />
        <source>%n overdue follow-ups</source>
        <translation>
            <numerusform>%n overdue follow-up</numerusform><numerusform>%n overdue follow-ups</numerusform></translation>
    </message>
    <message numerus="yes">
        <location line="+34" />
        <source>%n follow-ups are due</source>
        <translation>
            <numerusform>%n follow-up is due</numerusform><numerusform>%n follow-ups are due</numerusform></translation>
    </message>
</context>
<context>
    <name>ResultsPane</name>
    <message numerus="yes">
        <location filename="../../agentdesk/views/trainer.py" line="+179" />
        <source>%n attempt(s) exported.</source>
        <translation>
            <numerusform>%n attempt exported.</numerusform><numerusform>%n attempts exported.</numerusform></translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message numerus="yes">
        <location filename="../../agentdesk/views/reviews.py" line="-257" />
        <source>%n item(s) left to score</source>
        <translation>
            <numerusform>%n item left to score</numerusform><numerusform>%n items left to score</numerusform></translation>
    </message>
</context>
<context>
    <name>SyncStatusLabel</name>
    <message numerus="yes">
        <location filename="../../agentdesk/ui/sync.py" line="+246" />
        <source>%n queued</source>
        <translation>
            <numerusform>%n queued</numerusform><numerusform>%n queued</numerusform></translation>
    </message>
    <message numerus="yes">
        <location line="+7" />
        <source>%n sent, awaiting confirmation</source>
        <translation>
            <numerusform>%n sent, awaiting confirmation</numerusform><numerusform>%n sent, awaiting confirmation</numerusform></translation>
    </message>
</context>
<context>
    <name>TemplatesPane</name>
    <message numerus="yes">
        <location filename="../../agentdesk/views/templates.py" line="+895" />
        <source>%n prompt(s)</source>
        <translation>
            <numerusform>%n prompt</numerusform><numerusform>%n prompts</numerusform></translation>
    </message>
    <message numerus="yes">
        <location line="+3" />
        <source>%n change(s) to the ticket</source>
        <translation>
            <numerusform>%n change to the ticket</numerusform><numerusform>%n changes to the ticket</numerusform></translation>
    </message>
</context>
<context>
    <name>TicketPane</name>
    <message numerus="yes">
        <location filename="../../agentdesk/views/ticket.py" line="+622" />
        <source>Show %n earlier message(s)</source>
        <translation>
            <numerusform>Show %n earlier message</numerusform><numerusform>Show %n earlier messages</numerusform></translation>
    </message>
    <message numerus="yes">
        <location line="+1" />
        <source>Show %n earlier change(s)</source>
        <translation>
            <numerusform>Show %n earlier change</numerusform><numerusform>Show %n earlier changes</numerusform></translation>
    </message>
    <message numerus="yes">
        <location line="+14" />
        <source>Show %n change(s)</source>
        <translation>
            <numerusform>Show %n change</numerusform><numerusform>Show %n changes</numerusform></translation>
    </message>
</context>
</TS>