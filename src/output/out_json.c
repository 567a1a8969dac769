/* out_json.c - result rows as JSON objects: one per row, in a JSON array or one per
 * line (JSON lines); every field of the row, multivalue fields and the section's
 * list fields as arrays, its number fields as JSON numbers, plus search_name. */
#include <math.h>
#include <string.h>

#include "../util/num.h"
#include "json_write.h"
#include "output_private.h"

static bool listed(const char *const *names, const char *name)
{
    for (const char *const *a = names; a && *a; a++)
        if (strcmp(*a, name) == 0)
            return true;
    return false;
}

/* A value as a JSON number when the section says the field is one and it reads as
 * a finite number; otherwise as a string. */
static void write_value(const output_section *s, FILE *fp, const char *name, const sv *v)
{
    double d;
    if (listed(s->number_fields, name) && num_parse(v->s, v->len, &d) && isfinite(d)) {
        char buf[64];
        fwrite(buf, 1, num_format(d, buf, sizeof buf), fp);
        return;
    }
    json_write_string(fp, v->s, v->len);
}

void out_json_row(output_section *s, const record *row)
{
    output *o = s->out;
    FILE *fp = o->fp;
    bool array = o->opt.format == OUTPUT_JSON;
    if (o->format_json_started)
        fputs(array ? ",\n" : "", fp);
    else if (array)
        fputs("[\n", fp);
    o->format_json_started = true;
    fputs(array ? "  {" : "{", fp);
    bool first = true;
    /* Risk events carry their own search_name. */
    if (s->search_name && !record_get(row, "search_name")) {
        fputs("\"search_name\":", fp);
        json_write_string(fp, s->search_name, strlen(s->search_name));
        first = false;
    }
    for (size_t i = 0; i < row->nfields; i++) {
        const field *f = &row->fields[i];
        if (f->nvalues == 0)
            continue;
        if (!first)
            fputc(',', fp);
        first = false;
        json_write_string(fp, f->name, f->name_len);
        fputc(':', fp);
        if (f->nvalues == 1 && !listed(s->array_fields, f->name)) {
            write_value(s, fp, f->name, &f->values[0]);
            continue;
        }
        fputc('[', fp);
        for (uint32_t k = 0; k < f->nvalues; k++) {
            if (k)
                fputc(',', fp);
            write_value(s, fp, f->name, &f->values[k]);
        }
        fputc(']', fp);
    }
    fputs(array ? "}" : "}\n", fp);
}
