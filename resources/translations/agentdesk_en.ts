<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US" sourcelanguage="en">
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
        <location filename="../../agentdesk/views/inbox.py" line="+517" />
        <source>%n ticket(s)</source>
        <translation>
            <numerusform>%n ticket</numerusform><numerusform>%n tickets</numerusform></translation>
    </message>
</context>
<context>
    <name>KnowledgePane</name>
    <message numerus="yes">
        <location filename="../../agentdesk/views/knowledge.py" line="+698" />
        <source>%n article(s)</source>
        <translation>
            <numerusform>%n article</numerusform><numerusform>%n articles</numerusform></translation>
    </message>
</context>
<context>
    <name>ReminderCenter</name>
    <message numerus="yes">
        <location filename="../../agentdesk/ui/notifications.py" line="+211" />
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
    <name>SyncStatusLabel</name>
    <message numerus="yes">
        <location filename="../../agentdesk/ui/sync.py" line="+222" />
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
        <location filename="../../agentdesk/views/templates.py" line="+884" />
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
</TS>