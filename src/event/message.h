/* message.h - the classic WinEventLog view of an XML event: ComputerName, OpCode
 * as text, user_id, and Message rendered from the provider's message template when
 * the event carries no RenderingInfo. Templates are data (message.c), written
 * from Microsoft's documented event texts; docs/fields.md lists them. */
#ifndef TRAWL_MESSAGE_H
#define TRAWL_MESSAGE_H

#include <stddef.h>

#include "record.h"

/* Adds the classic fields to an event record built by winevent (Name, EventCode,
 * Opcode, Computer, UserID and the EventData values already set). Fields the
 * event already has are kept. */
void message_add_classic(record *ev);

#endif
